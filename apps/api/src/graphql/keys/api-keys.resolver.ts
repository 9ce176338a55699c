import { Inject, UseFilters } from '@nestjs/common';
import { Args, Field, ID, InputType, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { actorName, issueApiKey, type Principal } from '@hsic/access';
import { apiKeyNameSchema, type ApiKeyInfo, type ApiRole } from '@hsic/contracts';
import { AlreadyExistsError, type Repositories } from '@hsic/persistence';
import { Caller, RequiresRole } from '../../access/caller.js';
import type { ApiAccess } from '../../access/api-access.js';
import { API_ACCESS, REPOSITORIES } from '../../dependencies.js';
import { ApiRoleEnum } from '../common/enums.js';
import { FieldError } from '../common/errors.js';
import { GraphqlErrorsFilter } from '../common/graphql-errors.filter.js';

@ObjectType('ApiKey', { description: 'A key for this API. Its secret is shown once, by createApiKey; only its first characters are kept in view.' })
export class ApiKeyType {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => ApiRoleEnum) role!: ApiRole;
  @Field(() => String, { description: "The secret's first characters, to tell keys apart." }) prefix!: string;
  @Field(() => String, { description: 'Who made it: a key name, HSIC_ADMIN_KEY, first start, cli.' }) createdBy!: string;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'Last time a request used it (recorded at most once a minute).' }) lastUsedAt!: Date | null;
  @Field(() => Date, { nullable: true }) revokedAt!: Date | null;
}

@ObjectType('CreatedApiKey')
export class CreatedApiKeyType {
  @Field(() => ApiKeyType) key!: ApiKeyType;
  @Field(() => String, { description: 'Send as "Authorization: Bearer <secret>". Shown this once: only its hash is stored.' }) secret!: string;
}

@InputType('CreateApiKeyInput')
export class CreateApiKeyInput {
  @Field(() => String, { description: 'Unique; recorded on what the key changes (runs, alias moves, schedules).' }) name!: string;
  @Field(() => ApiRoleEnum, { description: 'READ < TRAIN (start, cancel runs) < ADMIN (promote, roll back, schedules, keys).' }) role!: ApiRole;
}

const toApiKeyType = (key: ApiKeyInfo): ApiKeyType => key;

@UseFilters(GraphqlErrorsFilter)
@Resolver(() => ApiKeyType)
export class ApiKeysResolver {
  constructor(
    @Inject(REPOSITORIES) private readonly repos: Repositories,
    @Inject(API_ACCESS) private readonly access: ApiAccess,
  ) {}

  @Query(() => [ApiKeyType], { description: 'Every key, revoked ones too, newest first (never their secrets). Needs an ADMIN key.' })
  @RequiresRole('ADMIN')
  async apiKeys(): Promise<ApiKeyType[]> {
    return (await this.repos.apiKeys.list()).map(toApiKeyType);
  }

  @Mutation(() => CreatedApiKeyType, { description: 'Makes a key and shows its secret this once. Needs an ADMIN key.' })
  @RequiresRole('ADMIN')
  async createApiKey(@Args('input', { type: () => CreateApiKeyInput }) input: CreateApiKeyInput, @Caller() caller: Principal): Promise<CreatedApiKeyType> {
    const name = apiKeyNameSchema.safeParse(input.name);
    if (!name.success) throw new FieldError('input.name', name.error.issues[0].message);
    try {
      return await issueApiKey(this.repos.apiKeys, { name: name.data, role: input.role, createdBy: actorName(caller) });
    } catch (error) {
      if (error instanceof AlreadyExistsError) throw new FieldError('input.name', `a key named '${name.data}' exists (revoked keys keep their names)`);
      throw error;
    }
  }

  @Mutation(() => ApiKeyType, { description: 'Revokes a key (by id or name): it stops working at once here, within 5 s on other API processes. Needs an ADMIN key.' })
  @RequiresRole('ADMIN')
  async revokeApiKey(@Args('key', { type: () => String, description: 'Its id or name.' }) key: string): Promise<ApiKeyType> {
    const revoked = await this.repos.apiKeys.revoke(key);
    this.access.authenticator.forgetAll();
    return toApiKeyType(revoked);
  }
}
