import { Client, fetchExchange, type AnyVariables, type CombinedError, type TypedDocumentNode } from '@urql/core';
import { apiAuthorization, serverEnv } from '../server-env';
import { ApiRequestError, ApiUnreachableError } from './api-errors';

let client: Client | undefined;

/** One urql client per dashboard process, on the server only: the browser never calls the API itself. */
function apiClient(): Client {
  if (!client) {
    const env = serverEnv();
    client = new Client({
      url: `${env.HSIC_API_URL}/graphql`,
      exchanges: [fetchExchange],
      requestPolicy: 'network-only',
      preferGetMethod: false,
      fetchOptions: () => ({ cache: 'no-store', headers: apiAuthorization(), signal: AbortSignal.timeout(env.HSIC_API_TIMEOUT_MS) }),
    });
  }
  return client;
}

function toError(error: CombinedError): Error {
  const [first] = error.graphQLErrors;
  if (first) {
    const extensions = first.extensions as { code?: unknown; field?: unknown };
    return new ApiRequestError(first.message, typeof extensions.code === 'string' ? extensions.code : 'UNKNOWN', typeof extensions.field === 'string' ? extensions.field : null);
  }
  const cause = error.networkError;
  const reason = cause?.name === 'TimeoutError' ? `no answer within ${serverEnv().HSIC_API_TIMEOUT_MS} ms` : (cause?.message ?? error.message);
  return new ApiUnreachableError(serverEnv().HSIC_API_URL, reason);
}

/** Runs a query; the API's GraphQL errors become ApiRequestError, a missing API ApiUnreachableError. */
export async function query<Result, Variables extends AnyVariables>(document: TypedDocumentNode<Result, Variables>, variables: Variables): Promise<Result> {
  const result = await apiClient().query(document, variables).toPromise();
  if (result.error) throw toError(result.error);
  if (!result.data) throw new ApiUnreachableError(serverEnv().HSIC_API_URL, 'an answer without data');
  return result.data;
}

export async function mutate<Result, Variables extends AnyVariables>(document: TypedDocumentNode<Result, Variables>, variables: Variables): Promise<Result> {
  const result = await apiClient().mutation(document, variables).toPromise();
  if (result.error) throw toError(result.error);
  if (!result.data) throw new ApiUnreachableError(serverEnv().HSIC_API_URL, 'an answer without data');
  return result.data;
}
