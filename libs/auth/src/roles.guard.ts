import { CanActivate, ExecutionContext, ForbiddenException, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuditLog } from '@comity/audit';
import type { AuthUser, Role } from './auth-user';
import { ROLES_KEY } from './decorators';
import { requestAuditContext } from './request-context';

// Global, after AuthGuard: a route marked @Roles(...) needs one of them; refusals are audited.
@Injectable()
export class RolesGuard implements CanActivate {
  private readonly logger = new Logger(RolesGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditLog,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (!roles?.length) return true;
    const user = ctx.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (user && roles.some((r) => user.roles.includes(r))) return true;
    const { method, route, caseId } = requestAuditContext(ctx);
    await this.audit
      .record({
        caseId: null,
        action: 'auth.authorize',
        actorId: user?.id ?? null,
        outcome: 'denied',
        details: { reason: 'missing_role', required: roles, method, route, targetCaseId: caseId },
      })
      .catch((err: unknown) => this.logger.error({ err }, 'Could not audit a refused request'));
    throw new ForbiddenException(`This needs one of the roles: ${roles.join(', ')}`);
  }
}
