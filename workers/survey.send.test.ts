import { surveyUrl } from './survey.send';

describe('survey link', () => {
  it('given a base URL, then the link is the survey page under it, absolute', () => {
    expect(surveyUrl('https://gcflow.example.cn', 'tok_EN-1')).toBe(
      'https://gcflow.example.cn/survey/tok_EN-1',
    );
  });

  it('given a base URL with a path, with or without a trailing slash, then the path is kept', () => {
    expect(surveyUrl('https://gcflow.example.cn/portal', 't')).toBe(
      'https://gcflow.example.cn/portal/survey/t',
    );
    expect(surveyUrl('https://gcflow.example.cn/portal/', 't')).toBe(
      'https://gcflow.example.cn/portal/survey/t',
    );
  });
});
