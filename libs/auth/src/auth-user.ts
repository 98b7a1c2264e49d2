import type { Actor, Role } from '@comity/contracts';

export type { Role };
export const ROLE_NAMES = [
  'prosecutor',
  'central_authority',
  'supervisor',
  'admin',
] as const satisfies readonly Role[];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLE_NAMES as readonly string[]).includes(value);
}

export type AuthorityKind = 'prosecutor_office' | 'central_authority' | 'supervisory' | 'platform';

/** The authenticated caller, resolved afresh from the database on every request. */
export interface AuthUser {
  id: string;
  kind: 'user' | 'service';
  authorityId: string;
  authorityKind: AuthorityKind;
  /** ISO 3166-1 alpha-2 code of the authority's state. */
  jurisdiction: string;
  roles: Role[];
  /** How this request authenticated. */
  via: 'password' | 'api_token' | 'oidc';
  /** The login session (password logins only); logout and idle expiry act on it. */
  sessionId: string | null;
}

// A supervisor in a prosecuting office oversees that office; one in a central authority or a
// supervisory body oversees the whole jurisdiction.
export function supervisionScope(user: Pick<AuthUser, 'authorityKind'>): 'authority' | 'jurisdiction' {
  return user.authorityKind === 'prosecutor_office' ? 'authority' : 'jurisdiction';
}

/** The actor the workflow records for this user. */
export function toActor(user: AuthUser): Actor {
  return {
    userId: user.id,
    roles: [...user.roles],
    authorityId: user.authorityId,
    jurisdiction: user.jurisdiction,
  };
}
