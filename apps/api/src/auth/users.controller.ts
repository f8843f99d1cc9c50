import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Patch, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditService } from '../audit/audit.service.js';
import { RequireRole, type AuthedRequest } from './auth.decorators.js';
import { CreateUserDto, UpdateUserDto } from './auth.dto.js';
import { AuthService, type UserDto } from './auth.service.js';

@ApiTags('users')
@RequireRole('admin')
@Controller('api/v1/users')
export class UsersController {
  constructor(
    private readonly auth: AuthService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every user (admins only)' })
  list(): Promise<UserDto[]> {
    return this.auth.listUsers();
  }

  @Post()
  @ApiOperation({ summary: 'Create a user with a role (admins only)' })
  async create(@Body() body: CreateUserDto, @Req() req: AuthedRequest): Promise<UserDto> {
    const user = await this.auth.createUser(body.email, body.password, body.role, body.name ?? null);
    await this.audit.record(req, 'user.create', user.email, { role: user.role });
    return user;
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a user: role, disabled, password, name (admins only)' })
  async update(@Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string, @Body() body: UpdateUserDto, @Req() req: AuthedRequest): Promise<UserDto> {
    const user = await this.auth.updateUser(id, body);
    const changed = Object.keys(body).filter((k) => k !== 'password');
    await this.audit.record(req, 'user.update', user.email, { changed: body.password === undefined ? changed : [...changed, 'password'], role: user.role, disabled: user.disabled });
    return user;
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a user (admins only); the last enabled admin cannot be deleted' })
  async remove(@Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string, @Req() req: AuthedRequest): Promise<UserDto> {
    const user = await this.auth.deleteUser(id);
    await this.audit.record(req, 'user.delete', user.email);
    return user;
  }
}
