import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ApiRole } from '@hsic/contracts';
import { API_ACCESS } from '../dependencies.js';
import type { ApiAccess } from './api-access.js';
import { principalOf, REQUIRED_ROLE } from './caller.js';

/** Refuses a resolver marked @RequiresRole(role) unless the caller's key has that role (errors map to UNAUTHENTICATED / FORBIDDEN). */
@Injectable()
export class RoleGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(API_ACCESS) private readonly access: ApiAccess,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const role = this.reflector.get<ApiRole | undefined>(REQUIRED_ROLE, context.getHandler());
    if (role) this.access.require(principalOf(context), role);
    return true;
  }
}
