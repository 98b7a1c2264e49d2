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
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
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
@Controller('admin')
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Get('authorities')
  @ApiOperation({ summary: 'Authorities, optionally of one jurisdiction' })
  listAuthorities(@Query() query: ListAuthoritiesQuery) {
    return this.admin.listAuthorities(query.jurisdiction);
  }

  @Post('authorities')
  @ApiOperation({ summary: 'Create an authority (prosecuting office, central authority, supervisory body)' })
  createAuthority(@CurrentUser() admin: AuthUser, @Body() dto: CreateAuthorityDto) {
    return this.admin.createAuthority(admin, dto);
  }

  @Get('authorities/:id')
  getAuthority(@Param('id', ParseUUIDPipe) id: string) {
    return this.admin.getAuthority(id);
  }

  @Patch('authorities/:id')
  updateAuthority(
    @CurrentUser() admin: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateAuthorityDto,
  ) {
    return this.admin.updateAuthority(admin, id, dto);
  }

  @Get('users')
  @ApiOperation({ summary: 'Users and service accounts' })
  listUsers(@Query() query: ListUsersQuery) {
    return this.admin.listUsers(query);
  }

  @Post('users')
  @ApiOperation({ summary: 'Create a user (password and/or OIDC subject) or a service account' })
  createUser(@CurrentUser() admin: AuthUser, @Body() dto: CreateUserDto) {
    return this.admin.createUser(admin, dto);
  }

  @Get('users/:id')
  getUser(@Param('id', ParseUUIDPipe) id: string) {
    return this.admin.getUser(id);
  }

  @Patch('users/:id')
  @ApiOperation({
    summary: 'Rename, move to another authority, (de)activate; deactivating ends their sessions',
  })
  updateUser(
    @CurrentUser() admin: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateUserDto,
  ) {
    return this.admin.updateUser(admin, id, dto);
  }

  @Put('users/:id/roles')
  @ApiOperation({ summary: 'Replace the roles of a user' })
  setRoles(@CurrentUser() admin: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: SetRolesDto) {
    return this.admin.setRoles(admin, id, dto.roles);
  }

  @Post('users/:id/password')
  @HttpCode(204)
  @ApiOperation({ summary: 'Set a new password; ends their sessions and clears a lockout' })
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
  unlock(@CurrentUser() admin: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.admin.unlock(admin, id);
  }

  @Get('users/:id/api-tokens')
  listApiTokens(@Param('id', ParseUUIDPipe) id: string) {
    return this.admin.listApiTokens(id);
  }

  @Post('users/:id/api-tokens')
  @ApiOperation({
    summary: 'Issue an API token for a service account; the token is shown only in this answer',
  })
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
  async revokeApiToken(@CurrentUser() admin: AuthUser, @Param('tokenId', ParseUUIDPipe) tokenId: string) {
    await this.admin.revokeApiToken(admin, tokenId);
  }
}
