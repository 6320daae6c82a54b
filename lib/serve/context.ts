/**
 * What a route of the handler is: the request and its context in, the response out.
 * @module
 */
import type { ParseContext } from "./params.ts";

/** What every route gets besides the request. */
export interface RouteContext extends ParseContext {
  /** The log root. */
  root: string;
  /** The largest `limit` a page may ask for. */
  maxLimit: number;
  /** Milliseconds between keep-alive comments on a stream. */
  keepAliveMs: number;
  /** Ends every open stream when aborted (the server is stopping). */
  signal?: AbortSignal;
  /** Told about failures the client only hears about in general terms. */
  onError: (error: unknown) => void;
}

/** A route: the request and its context in, the response out. */
export type Route = (request: Request, context: RouteContext) => Promise<Response>;
