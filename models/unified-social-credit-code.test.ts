import { creditCodeCheckCharacter, isUnifiedSocialCreditCode } from './unified-social-credit-code';

describe('unified social credit code', () => {
  it('given a published code, then its check character matches', () => {
    // a code printed on a real business licence (Tencent's Shenzhen company)
    expect(isUnifiedSocialCreditCode('9144030071526726XG')).toBe(true);
  });

  it('given one changed character, then the code is refused', () => {
    expect(isUnifiedSocialCreditCode('9144030071526726XH')).toBe(false);
    expect(isUnifiedSocialCreditCode('9144030071526727XG')).toBe(false);
  });

  it('given letters outside the alphabet or a wrong length, then the code is refused', () => {
    expect(isUnifiedSocialCreditCode('9144030071526726IG')).toBe(false);
    expect(isUnifiedSocialCreditCode('9144030071526726X')).toBe(false);
    expect(() => creditCodeCheckCharacter('91440300')).toThrow('not 17 credit-code characters');
  });
});
