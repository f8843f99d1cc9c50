import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { LoginLimiter } from './login-limiter.js';
import { TokensController } from './tokens.controller.js';
import { UsersController } from './users.controller.js';

@Module({
  controllers: [AuthController, UsersController, TokensController],
  providers: [AuthService, { provide: LoginLimiter, useValue: new LoginLimiter() }, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService],
})
export class AuthModule {}
