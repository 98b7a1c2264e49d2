// ISO 3166-1 alpha-2 codes of the participating states. Adding a state is a data change
// in treaty-rules; this union only names the ones the engine ships with.
export const JURISDICTION_CODES = ['MX', 'US', 'GT', 'HN', 'SV'] as const;
export type JurisdictionCode = string;

export function isShippedJurisdiction(code: string): boolean {
  return (JURISDICTION_CODES as readonly string[]).includes(code);
}
