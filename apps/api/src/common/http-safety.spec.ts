import { hasCredentialInUrl } from './http-safety';

describe('hasCredentialInUrl', () => {
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

  it.each([
    '/api/v1/auth/me?access_token=abc',
    '/api/v1/cases?ACCESS-TOKEN=abc',
    '/api/v1/cases?stage=draft&token=abc',
    '/api/v1/cases?refresh_token=cmtr_x',
    '/api/v1/cases?id_token=x',
    '/api/v1/cases?api_key=x',
    '/api/v1/cases?apiKey=x',
    '/api/v1/cases?jwt=x',
    '/api/v1/cases?password=hunter2',
    '/api/v1/cases?access%5Ftoken=x',
    `/api/v1/cases?q=${jwt}`,
    `/api/v1/cases?q=see%20${encodeURIComponent(jwt)}`,
    '/api/v1/cases?q=cmty_0123456789abcdefghijKLMNOP',
    '/api/v1/cases?cursor=cmtr_0123456789abcdefghijKLMNOP',
    '/api/v1/cases?q=Bearer%20abc',
    '/health?access_token',
  ])('should find a credential in %s', (url) => {
    expect(hasCredentialInUrl(url)).toBe(true);
  });

  it.each([
    '/api/v1/cases',
    '/api/v1/cases?q=Money%20laundering%20in%20Miami&stage=draft&pair=HN-US',
    '/api/v1/cases?cursor=eyJjcmVhdGVkQXQiOiIyMDI2In0',
    '/api/v1/cases?q=tokens%20of%20appreciation',
    '/api/v1/instruments?at=2026-01-01',
    '/api/v1/cases?q=%E0%A4%A', // undecodable: looked at as it is
  ])('should let %s through', (url) => {
    expect(hasCredentialInUrl(url)).toBe(false);
  });
});
