import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiJson, ApiProblems } from '../common/api-responses';
import { CurrentUser, Roles, type AuthUser } from '@comity/auth';
import { AdminService } from './admin.service';
import {
  CreateApiTokenDto,
  CreateAuthorityDto,
  CreateUserDto,
  ListAuthoritiesQuery,
  ListUsersQuery,
  SetPasswordDto,
  SetRolesDto,
  UpdateAuthorityDto,
  UpdateUserDto,
} from './dto/admin.dto';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@ApiProblems(403)
@Controller('admin')
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Get('authorities')
  @ApiOperation({ summary: 'Authorities, optionally of one jurisdiction' })
  @ApiJson(200, { type: 'array', items: { $ref: '#/components/schemas/AuthorityView' } }, 'Authorities')
  @ApiProblems(422)
  listAuthorities(@Query() query: ListAuthoritiesQuery) {
    return this.admin.listAuthorities(query.jurisdiction);
  }

  @Post('authorities')
  @ApiOperation({ summary: 'Create an authority (prosecuting office, central authority, supervisory body)' })
  @ApiJson(201, 'AuthorityView', 'The authority created')
  @ApiProblems(409, 422)
  createAuthority(@CurrentUser() admin: AuthUser, @Body() dto: CreateAuthorityDto) {
    return this.admin.createAuthority(admin, dto);
  }

  @Get('authorities/:id')
  @ApiOperation({ summary: 'One authority' })
  @ApiJson(200, 'AuthorityView', 'The authority')
  @ApiProblems(404)
  getAuthority(@Param('id', ParseUUIDPipe) id: string) {
    return this.admin.getAuthority(id);
  }

  @Patch('authorities/:id')
  @ApiOperation({ summary: 'Rename or (de)activate an authority' })
  @ApiJson(200, 'AuthorityView', 'The authority as changed')
  @ApiProblems(404, 409, 422)
  updateAuthority(
    @CurrentUser() admin: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateAuthorityDto,
  ) {
    return this.admin.updateAuthority(admin, id, dto);
  }

  @Get('users')
  @ApiOperation({ summary: 'Users and service accounts' })
  @ApiJson(200, { type: 'array', items: { $ref: '#/components/schemas/UserView' } }, 'Users and service accounts')
  @ApiProblems(422)
  listUsers(@Query() query: ListUsersQuery) {
    return this.admin.listUsers(query);
  }

  @Post('users')
  @ApiOperation({ summary: 'Create a user (password and/or OIDC subject) or a service account' })
  @ApiJson(201, 'UserView', 'The user created')
  @ApiProblems(404, 409, 422)
  createUser(@CurrentUser() admin: AuthUser, @Body() dto: CreateUserDto) {
    return this.admin.createUser(admin, dto);
  }

  @Get('users/:id')
  @ApiOperation({ summary: 'One user or service account' })
  @ApiJson(200, 'UserView', 'The user')
  @ApiProblems(404)
  getUser(@Param('id', ParseUUIDPipe) id: string) {
    return this.admin.getUser(id);
  }

  @Patch('users/:id')
  @ApiOperation({
    summary: 'Rename, move to another authority, (de)activate; deactivating ends their sessions',
  })
  @ApiJson(200, 'UserView', 'The user as changed')
  @ApiProblems(404, 409, 422)
  updateUser(
    @CurrentUser() admin: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateUserDto,
  ) {
    return this.admin.updateUser(admin, id, dto);
  }

  @Put('users/:id/roles')
  @ApiOperation({ summary: 'Replace the roles of a user' })
  @ApiJson(200, 'UserView', 'The user with the new roles')
  @ApiProblems(404, 409, 422)
  setRoles(@CurrentUser() admin: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: SetRolesDto) {
    return this.admin.setRoles(admin, id, dto.roles);
  }

  @Post('users/:id/password')
  @HttpCode(204)
  @ApiOperation({ summary: 'Set a new password; ends their sessions and clears a lockout' })
  @ApiNoContentResponse({ description: 'The password is set' })
  @ApiProblems(404, 422)
  async setPassword(
    @CurrentUser() admin: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: SetPasswordDto,
  ) {
    await this.admin.setPassword(admin, id, dto.password);
  }

  @Post('users/:id/unlock')
  @HttpCode(200)
  @ApiOperation({ summary: 'Lift a lockout before it expires' })
  @ApiJson(200, 'UserView', 'The user, unlocked')
  @ApiProblems(404)
  unlock(@CurrentUser() admin: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.admin.unlock(admin, id);
  }

  @Get('users/:id/api-tokens')
  @ApiOperation({ summary: "A service account's API tokens (never the tokens themselves)" })
  @ApiJson(200, { type: 'array', items: { $ref: '#/components/schemas/ApiTokenView' } }, 'The tokens')
  @ApiProblems(404)
  listApiTokens(@Param('id', ParseUUIDPipe) id: string) {
    return this.admin.listApiTokens(id);
  }

  @Post('users/:id/api-tokens')
  @ApiOperation({
    summary: 'Issue an API token for a service account; the token is shown only in this answer',
  })
  @ApiJson(201, 'IssuedApiToken', 'The token, shown only here')
  @ApiProblems(404, 409, 422)
  createApiToken(
    @CurrentUser() admin: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateApiTokenDto,
  ) {
    return this.admin.createApiToken(admin, id, dto);
  }

  @Delete('api-tokens/:tokenId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API token' })
  @ApiNoContentResponse({ description: 'The token is revoked' })
  @ApiProblems(404)
  async revokeApiToken(@CurrentUser() admin: AuthUser, @Param('tokenId', ParseUUIDPipe) tokenId: string) {
    await this.admin.revokeApiToken(admin, tokenId);
  }
}
