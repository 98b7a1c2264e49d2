import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiJson, ApiProblems } from '../common/api-responses';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLog } from '@comity/audit';
import { CurrentUser, LoginRateLimit, Public, type AuthUser } from '@comity/auth';
import { LoginDto, RefreshDto } from './dto/login.dto';
import { LoginService } from './login.service';
import { SessionService, type TokenPair } from './session.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly login: LoginService,
    private readonly sessions: SessionService,
    private readonly audit: AuditLog,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Public()
  @LoginRateLimit()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in with email and password; returns an access token and a refresh token' })
  @ApiJson(200, 'TokenPair', 'The tokens')
  @ApiProblems(401, 422)
  logIn(@Body() dto: LoginDto): Promise<TokenPair> {
    return this.login.login(dto.email, dto.password);
  }

  @Public()
  @LoginRateLimit()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Trade a refresh token (single use) for a new access token and refresh token' })
  @ApiJson(200, 'TokenPair', 'New tokens; the refresh token given is spent')
  @ApiProblems(401, 422)
  refresh(@Body() dto: RefreshDto): Promise<TokenPair> {
    return this.sessions.refresh(dto.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End the session: its access and refresh tokens stop working' })
  @ApiNoContentResponse({ description: 'The session is ended' })
  async logOut(@CurrentUser() user: AuthUser): Promise<void> {
    if (user.sessionId) await this.sessions.revoke(user.sessionId, 'logout');
    await this.audit.record({
      caseId: null,
      action: 'auth.logout',
      actorId: user.id,
      details: { sessionId: user.sessionId },
    });
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The caller: roles, authority and jurisdiction' })
  @ApiJson(200, 'Me', 'The caller')
  async me(@CurrentUser() user: AuthUser) {
    const [row]: {
      email: string | null;
      display_name: string;
      code: string;
      name: string;
    }[] = await this.dataSource.query(
      `SELECT u.email, u.display_name, a.code, a.name FROM users u JOIN authorities a ON a.id = u.authority_id WHERE u.id = $1`,
      [user.id],
    );
    return {
      id: user.id,
      kind: user.kind,
      email: row.email,
      displayName: row.display_name,
      roles: user.roles,
      authority: { id: user.authorityId, code: row.code, name: row.name, kind: user.authorityKind },
      jurisdiction: user.jurisdiction,
      authenticatedVia: user.via,
    };
  }
}
