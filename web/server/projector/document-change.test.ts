import { foldChanges } from './document-change';

describe('folding the changes of one batch', () => {
  it('given several records of one document, then the newest state wins and the first insert fields stay', () => {
    const folded = foldChanges([
      {
        collection: 'usertasks',
        id: '7',
        position: 12,
        set: { state: 'completed', closedAt: 'later' },
      },
      {
        collection: 'usertasks',
        id: '7',
        position: 10,
        set: { state: 'open' },
        setOnInsert: { createdAt: 'first', assignee: 'am.gz' },
      },
    ]);
    expect(folded).toEqual([
      {
        collection: 'usertasks',
        id: '7',
        position: 12,
        set: { state: 'completed', closedAt: 'later' },
        setOnInsert: { createdAt: 'first', assignee: 'am.gz' },
      },
    ]);
  });

  it('given a field both set and set on insert, then the set wins (MongoDB refuses both)', () => {
    const [change] = foldChanges([
      {
        collection: 'processinstances',
        id: '1',
        position: 1,
        set: {},
        setOnInsert: { activeElementIds: [] },
      },
      { collection: 'processinstances', id: '1', position: 2, set: { activeElementIds: ['review'] } },
    ]);
    expect(change?.set).toEqual({ activeElementIds: ['review'] });
    expect(change?.setOnInsert).toEqual({});
  });

  it('keeps documents of different collections with the same id apart', () => {
    const folded = foldChanges([
      { collection: 'elementinstances', id: '5', position: 1, set: { state: 'active' } },
      { collection: 'processinstances', id: '5', position: 1, set: { state: 'ACTIVE' } },
    ]);
    expect(folded.map((c) => c.collection).sort()).toEqual(['elementinstances', 'processinstances']);
  });
});
