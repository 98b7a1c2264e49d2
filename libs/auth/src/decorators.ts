import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { AuthUser, Role } from './auth-user';

export const IS_PUBLIC_KEY = 'comity:public';
export const ROLES_KEY = 'comity:roles';
export const LOGIN_RATE_LIMIT_KEY = 'comity:login-rate-limit';

/** No authentication: /health, login, refresh. Everything else needs a valid credential. */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);

/** The caller needs at least one of these roles (checked by RolesGuard; 403 otherwise). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** The stricter per-address rate limit for credential endpoints (login, refresh). */
export const LoginRateLimit = () => SetMetadata(LOGIN_RATE_LIMIT_KEY, true);

/** The authenticated caller (set by AuthGuard). */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});
