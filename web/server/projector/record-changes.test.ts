import { foldChanges } from './document-change';
import { recordChanges } from './record-changes';
import type { ZeebeRecord } from './zeebe-record';

function jobRecord(
  intent: string,
  customHeaders: Record<string, string>,
  type = 'io.camunda.zeebe:userTask',
): ZeebeRecord {
  return {
    partitionId: 1,
    position: 42,
    key: 2251799813685257,
    timestamp: Date.parse('2026-11-23T08:00:00Z'),
    recordType: 'EVENT',
    valueType: 'JOB',
    intent,
    value: {
      type,
      processInstanceKey: 2251799813685251,
      elementInstanceKey: 2251799813685256,
      elementId: 'review',
      bpmnProcessId: 'complaint-handling',
      processDefinitionKey: 2251799813685250,
      processDefinitionVersion: 3,
      customHeaders,
      retries: 3,
      errorMessage: '',
    },
  };
}

describe('what a record changes in the projection', () => {
  it('given a user-task job created, then an open task with its groups, form and own headers', () => {
    const [change] = recordChanges(
      jobRecord('CREATED', {
        'io.camunda.zeebe:candidateGroups': '["complaint-handler","manager"]',
        'io.camunda.zeebe:formKey': 'gcflow:complaint-fault-handling',
        'io.camunda.zeebe:assignee': 'handler.gz',
        assignmentRule: 'least-loaded',
        slaPolicy: 'complaint-grave',
        'odd.header': 'dropped: Mongo field names may not hold dots',
      }),
    );
    expect(change).toMatchObject({
      collection: 'usertasks',
      id: '2251799813685257',
      position: 42,
      set: { state: 'open' },
      setOnInsert: {
        processInstanceKey: '2251799813685251',
        candidateGroups: ['complaint-handler', 'manager'],
        formKey: 'gcflow:complaint-fault-handling',
        assignee: 'handler.gz',
        customHeaders: { assignmentRule: 'least-loaded', slaPolicy: 'complaint-grave' },
      },
    });
  });

  it('given a user-task job canceled by a boundary event, then the task is closed as canceled', () => {
    const [change] = recordChanges(jobRecord('CANCELED', {}));
    expect(change?.set).toMatchObject({ state: 'canceled', closedAt: new Date('2026-11-23T08:00:00Z') });
  });

  it('given a service-task job or a command, then the projection does not change', () => {
    expect(recordChanges(jobRecord('CREATED', {}, 'gcflow.survey.send'))).toEqual([]);
    expect(recordChanges({ ...jobRecord('COMPLETE', {}), recordType: 'COMMAND' })).toEqual([]);
  });

  it('given an element activation, then its change creates the element instance; a later record does not', () => {
    const elementRecord = (intent: string, position: number): ZeebeRecord => ({
      partitionId: 1,
      position,
      key: 5,
      timestamp: position * 1000,
      recordType: 'EVENT',
      valueType: 'PROCESS_INSTANCE',
      intent,
      value: {
        processInstanceKey: 1,
        elementId: 'check',
        bpmnElementType: 'SERVICE_TASK',
        flowScopeKey: 1,
        bpmnProcessId: 'complaint-handling',
        version: 1,
        processDefinitionKey: 2,
        parentProcessInstanceKey: -1,
        parentElementInstanceKey: -1,
      },
    });
    const [activating] = recordChanges(elementRecord('ELEMENT_ACTIVATING', 1));
    const [completed] = recordChanges(elementRecord('ELEMENT_COMPLETED', 4));
    expect(activating?.creates).toBe(true);
    expect(completed?.creates).toBe(false);
    // folded, the batch's earliest record decides: a batch holding both knows the start without a read
    const [folded] = foldChanges([completed!, activating!]);
    expect(folded).toMatchObject({ creates: true, set: { state: 'completed' } });
    expect(folded?.setOnInsert?.startedAt).toEqual(new Date(1000));
    expect(foldChanges([completed!])[0]?.creates).toBe(false);
  });

  it('given a variable whose keys Mongo cannot store, then only its JSON text is kept', () => {
    const [change] = recordChanges({
      partitionId: 1,
      position: 7,
      key: 99,
      timestamp: 0,
      recordType: 'EVENT',
      valueType: 'VARIABLE',
      intent: 'CREATED',
      value: { name: 'payload', value: '{"$where":"1","a.b":2}', scopeKey: 1, processInstanceKey: 1 },
    });
    expect(change?.set).toMatchObject({ valueJson: '{"$where":"1","a.b":2}', value: null });
  });
});
