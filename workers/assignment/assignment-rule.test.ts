import {
  AssignmentRuleError,
  defaultAssignmentRule,
  formatAssignmentRule,
  parseAssignmentRule,
  SIMPLE_ASSIGNMENT_RULES,
} from './assignment-rule';

describe('assignmentRule header', () => {
  it.each(SIMPLE_ASSIGNMENT_RULES)('parses %s', (value) => {
    expect(parseAssignmentRule(value)).toEqual({ kind: value });
    expect(formatAssignmentRule(parseAssignmentRule(value))).toBe(value);
  });

  it('parses a named expert and ignores surrounding blanks', () => {
    expect(parseAssignmentRule(' expert:wang.wu ')).toEqual({ kind: 'expert', username: 'wang.wu' });
    expect(formatAssignmentRule({ kind: 'expert', username: 'reviewer' })).toBe('expert:reviewer');
  });

  it('given an unknown rule, then the error names it and lists the allowed values', () => {
    expect(() => parseAssignmentRule('fastest')).toThrow(AssignmentRuleError);
    expect(() => parseAssignmentRule('fastest')).toThrow(
      'Unknown assignmentRule "fastest"; expected one of: account-manager, industry-manager, product-manager, least-loaded, round-robin, expert:<username>',
    );
  });

  it('given an expert without a username, then the error says what is missing', () => {
    expect(() => parseAssignmentRule('expert:')).toThrow(/expert needs a username/);
    expect(() => parseAssignmentRule('expert:two words')).toThrow(/expert needs a username/);
  });

  it('given a value that is not a string, then it is rejected', () => {
    expect(() => parseAssignmentRule(42)).toThrow(/assignmentRule must be a string/);
  });

  it('carries a code the worker can map to an incident', () => {
    expect.assertions(1);
    try {
      parseAssignmentRule('Least-Loaded');
    } catch (error) {
      expect(error).toMatchObject({ code: 'INVALID_ASSIGNMENT_RULE', name: 'AssignmentRuleError' });
    }
  });

  it.each([
    [['account-manager'], 'account-manager'],
    [['industry-manager', 'manager'], 'industry-manager'],
    [['product-manager'], 'product-manager'],
    [['support-engineer'], 'least-loaded'],
    [[], 'least-loaded'],
  ])('given candidate groups %j and no header, then the default rule is %s', (groups, kind) => {
    expect(defaultAssignmentRule(groups)).toEqual({ kind });
  });
});
