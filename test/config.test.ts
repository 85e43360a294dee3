import { loadConfig, publicBaseUrl } from '../config';

describe('public base URL (GCFLOW_PUBLIC_BASE_URL)', () => {
  it('given the variable, when the config loads, then links use it without a trailing slash', () => {
    const config = loadConfig({ GCFLOW_PUBLIC_BASE_URL: 'https://gcflow.example.cn/portal/' });
    expect(publicBaseUrl(config, 'http://127.0.0.1:41234')).toBe('https://gcflow.example.cn/portal');
  });

  it('given no variable, then links use the listening web server, else the address it would listen on', () => {
    const config = loadConfig({ PORT: '8080', GCFLOW_PUBLIC_BASE_URL: '' });
    expect(config.GCFLOW_PUBLIC_BASE_URL).toBeUndefined();
    expect(publicBaseUrl(config, 'http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
    expect(publicBaseUrl(config)).toBe('http://127.0.0.1:8080');
    // a wildcard bind address is not one a browser can open
    expect(publicBaseUrl(loadConfig({ HOST: '0.0.0.0', PORT: '3000' }))).toBe('http://127.0.0.1:3000');
    expect(publicBaseUrl(loadConfig({ HOST: 'gcflow.local', PORT: '3000' }))).toBe(
      'http://gcflow.local:3000',
    );
  });

  it.each([
    ['gcflow.example.cn', 'not a URL'],
    ['ftp://gcflow.example.cn', 'not http(s)'],
    ['https://gcflow.example.cn/?x=1', 'a query'],
    ['https://gcflow.example.cn/#top', 'a fragment'],
  ])('given %s (%s), when the config loads, then the boot stops naming the variable', (value) => {
    expect(() => loadConfig({ GCFLOW_PUBLIC_BASE_URL: value })).toThrow(/GCFLOW_PUBLIC_BASE_URL/);
  });
});
