import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { ANONYMOUS, type Principal } from '@hsic/access';
import type { ApiRole } from '@hsic/contracts';

/** What every GraphQL operation's context holds (HTTP and graphql-ws alike). */
export interface GraphqlContext {
  readonly principal: Principal;
}

export const principalOf = (context: ExecutionContext): Principal =>
  GqlExecutionContext.create(context).getContext<Partial<GraphqlContext>>().principal ?? ANONYMOUS;

/** The caller of this GraphQL operation (for role checks and for what audit columns record). */
export const Caller = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => principalOf(context));

export const REQUIRED_ROLE = 'hsic:required-role';

/** The role a mutation needs (checked by RoleGuard before the resolver runs). */
export const RequiresRole = (role: ApiRole) => SetMetadata(REQUIRED_ROLE, role);
