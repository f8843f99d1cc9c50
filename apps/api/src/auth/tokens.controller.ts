import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditService } from '../audit/audit.service.js';
import { RequireRole, type AuthedRequest } from './auth.decorators.js';
import { CreateTokenDto } from './auth.dto.js';
import { AuthService, type TokenDto } from './auth.service.js';

@ApiTags('tokens')
@RequireRole('admin')
@Controller('api/v1/tokens')
export class TokensController {
  constructor(
    private readonly auth: AuthService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'API tokens, revoked ones included (admins only); never the secrets' })
  list(): Promise<TokenDto[]> {
    return this.auth.listTokens();
  }

  @Post()
  @ApiOperation({ summary: 'Create an API token with a role; its secret is answered once, in `token`' })
  async create(@Body() body: CreateTokenDto, @Req() req: AuthedRequest): Promise<TokenDto & { token: string }> {
    const token = await this.auth.createToken(body.name, body.role, req.principal?.name ?? 'unknown');
    await this.audit.record(req, 'token.create', token.name, { role: token.role, prefix: token.prefix, id: token.id });
    return token;
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke an API token: it stops working at once' })
  async revoke(@Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string, @Req() req: AuthedRequest): Promise<TokenDto> {
    const token = await this.auth.revokeToken(id);
    await this.audit.record(req, 'token.revoke', token.name, { id: token.id, prefix: token.prefix });
    return token;
  }
}
