export const TEST_NAMESPACE = 'comity-test';

// Test databases live on the server of TEST_DATABASE_URL (default: the local PostgreSQL).
export function testDatabaseUrl(name: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${name}`;
  return url.toString();
}
