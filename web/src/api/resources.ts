import type { paths } from './schema';

/*
 * The API's resources as the generated OpenAPI types describe them: screens name what they read
 * through these, so a changed response shape fails the web typecheck instead of drifting.
 */

type Json<Response> = Response extends { content: { 'application/json': infer Body } }
  ? Body
  : never;

type Method = 'get' | 'post' | 'put' | 'patch';

/** The JSON a route answers with (its first 2xx). */
export type ApiResponse<Path extends keyof paths, M extends Method = 'get'> = paths[Path] extends {
  [key in M]: { responses: infer Responses };
}
  ? Responses extends { 200: infer Ok }
    ? Json<Ok>
    : Responses extends { 201: infer Created }
      ? Json<Created>
      : Responses extends { 202: infer Accepted }
        ? Json<Accepted>
        : never
  : never;

/** One item of a list route's `data`. */
export type ApiItem<Path extends keyof paths, M extends Method = 'get'> =
  ApiResponse<Path, M> extends { data: readonly (infer Item)[] } ? Item : never;
