import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeysResolver } from '../graphql/keys/api-keys.resolver.js';
import { RoleGuard } from './role.guard.js';

export const ACCESS_RESOLVERS = [ApiKeysResolver] as const;

/** Who may call what: API keys and the role every operation needs, checked on every request. */
@Module({ providers: [{ provide: APP_GUARD, useClass: RoleGuard }, ...ACCESS_RESOLVERS] })
export class AccessModule {}
