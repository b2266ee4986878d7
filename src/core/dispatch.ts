import {
  matchCommandName,
  matchConstraints,
  onlyActions,
  onlyCommands,
  onlyOptions,
  onlyShortcuts,
  onlyViewActions,
  type AnyMiddlewareArgs,
  type App,
  type Logger,
  type Middleware,
} from '@slack/bolt';

/*
 * Bolt runs every incoming request through the middleware chain of every
 * listener the app registered (about 54 for Cadence), each one a few awaited
 * promises that end in "not for me": a fifth of the CPU a `/cadence help`
 * costs (docs/decisions/0022). The dispatcher keeps Bolt's API and Bolt's own
 * matching, but indexes the listeners by what they match on (command name,
 * action_id, callback_id), so that a request runs the chains of the listeners
 * that can match it (usually one) and no other.
 *
 * How: features register on a proxy of the App. Commands, actions, shortcuts,
 * views and options are recorded here instead of on Bolt; everything else
 * (events, messages, app.use, app.error...) goes to the real App unchanged.
 * One global middleware, installed after the features registered, looks the
 * request up and runs the candidates' chains, each exactly as Bolt builds it
 * ([onlyX, matchX(constraints), ...listener middleware, listener]), so a
 * candidate that does not match after all is filtered as Bolt would filter it.
 * A request no recorded listener can take (events) goes on to Bolt's own
 * listeners.
 */

export type Kind = 'command' | 'action' | 'shortcut' | 'view' | 'options';

/** One recorded listener: Bolt's chain for it, and the exact key it matches on, when it has one. */
interface Route {
  order: number;
  kind: Kind;
  /** Exact command name, action_id or callback_id; undefined when the constraint is a RegExp or needs a scan. */
  key: string | undefined;
  chain: Middleware<AnyMiddlewareArgs>[];
}

type Args = Parameters<Middleware<AnyMiddlewareArgs>>[0];

// The shapes Bolt accepts for each registration method (it normalises them the same way).
type Constraint = string | RegExp | Record<string, unknown>;

const VALID_KEYS: Record<Exclude<Kind, 'command' | 'options'>, readonly string[]> = {
  action: ['action_id', 'block_id', 'callback_id', 'type'],
  shortcut: ['callback_id', 'type'],
  view: ['callback_id', 'type'],
};
const VIEW_TYPES = ['view_closed', 'view_submission'];

export interface Dispatcher {
  /** The App features register on: same API, commands/actions/shortcuts/views/options recorded by the dispatcher. */
  app: App;
  /** The global middleware to install (with `app.use`) after every feature has registered. */
  middleware: Middleware<AnyMiddlewareArgs>;
  /** What was registered, in order: the kind and the constraint as given (a RegExp as /source/, an object as JSON). */
  routes(): readonly RegisteredRoute[];
}

export interface RegisteredRoute {
  kind: Kind;
  constraint: string;
}

export function createDispatcher(app: App, logger: Logger): Dispatcher {
  const byKey = new Map<string, Route[]>();
  const scanned: Route[] = [];
  const registered: RegisteredRoute[] = [];
  let order = 0;

  const add = (kind: Kind, key: string | undefined, chain: Middleware<AnyMiddlewareArgs>[]) => {
    const route: Route = { order: order++, kind, key, chain };
    if (key === undefined) scanned.push(route);
    else {
      const k = `${kind}\u0000${key}`;
      const list = byKey.get(k);
      if (list) list.push(route);
      else byKey.set(k, [route]);
    }
  };

  /** Bolt's normalisation and validation of a constraint (App.ts, action/shortcut/view/options). */
  const normalise = (kind: Exclude<Kind, 'command'>, c: Constraint): Record<string, unknown> | undefined => {
    const field = kind === 'action' || kind === 'options' ? 'action_id' : 'callback_id';
    const constraints: Record<string, unknown> =
      typeof c === 'string' || c instanceof RegExp ? (kind === 'view' ? { callback_id: c, type: 'view_submission' } : { [field]: c }) : c;
    if (kind !== 'options') {
      const unknown = Object.keys(constraints).filter((k) => !VALID_KEYS[kind].includes(k));
      if (unknown.length > 0) {
        logger.error(`Slack listener cannot be attached using unknown constraint keys: ${unknown.join(', ')}`);
        return undefined;
      }
    }
    if (kind === 'view' && constraints.type !== undefined && !VIEW_TYPES.includes(String(constraints.type))) {
      logger.error(`View listener cannot be attached using unknown view event type: ${String(constraints.type)}`);
      return undefined;
    }
    return constraints;
  };

  /** The exact key a normalised constraint matches on, when a lookup can find it without a scan. */
  const exactKey = (kind: Exclude<Kind, 'command'>, constraints: Record<string, unknown>): string | undefined => {
    const keys = Object.keys(constraints).filter((k) => constraints[k] !== undefined);
    if (kind === 'action' || kind === 'options') {
      return typeof constraints.action_id === 'string' && keys.every((k) => k === 'action_id' || k === 'block_id' || k === 'type') ? constraints.action_id : undefined;
    }
    return typeof constraints.callback_id === 'string' ? constraints.callback_id : undefined;
  };

  const only: Record<Kind, Middleware<AnyMiddlewareArgs>> = {
    command: onlyCommands as Middleware<AnyMiddlewareArgs>,
    action: onlyActions as Middleware<AnyMiddlewareArgs>,
    shortcut: onlyShortcuts as Middleware<AnyMiddlewareArgs>,
    view: onlyViewActions as Middleware<AnyMiddlewareArgs>,
    options: onlyOptions as Middleware<AnyMiddlewareArgs>,
  };

  const record =
    (kind: Kind) =>
    (c: Constraint, ...listeners: Middleware<AnyMiddlewareArgs>[]): void => {
      registered.push({ kind, constraint: typeof c === 'string' ? c : c instanceof RegExp ? String(c) : JSON.stringify(c) });
      if (kind === 'command') {
        if (typeof c !== 'string' && !(c instanceof RegExp)) throw new TypeError('app.command() takes a command name or a RegExp');
        add(kind, typeof c === 'string' ? c : undefined, [only.command, matchCommandName(c) as Middleware<AnyMiddlewareArgs>, ...listeners]);
        return;
      }
      const constraints = normalise(kind, c);
      if (!constraints) return;
      add(kind, exactKey(kind, constraints), [only[kind], matchConstraints(constraints as Parameters<typeof matchConstraints>[0]) as Middleware<AnyMiddlewareArgs>, ...listeners]);
    };

  const recorders: Record<Kind, ReturnType<typeof record>> = {
    command: record('command'),
    action: record('action'),
    shortcut: record('shortcut'),
    view: record('view'),
    options: record('options'),
  };

  const proxy = new Proxy(app, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && prop in recorders) return recorders[prop as Kind];
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });

  const middleware: Middleware<AnyMiddlewareArgs> = async (args) => {
    const found = lookup(args);
    if (!found) {
      await args.next();
      return;
    }
    const candidates = candidatesFor(found.kind, found.key);
    if (candidates.length === 0) {
      await args.next();
      return;
    }
    // Like Bolt (App.processEvent): every matching listener runs; one failure is rethrown as is, several together.
    const settled = await Promise.allSettled(candidates.map((route) => runChain(route.chain, args)));
    const rejected = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (rejected.length === 1) throw rejected[0]?.reason;
    if (rejected.length > 1) throw new MultipleListenerFailure(rejected.map((r) => r.reason as Error));
  };

  function candidatesFor(kind: Kind, key: string | undefined): Route[] {
    const exact = key === undefined ? undefined : byKey.get(`${kind}\u0000${key}`);
    const scans = scanned.filter((r) => r.kind === kind);
    if (!exact) return scans;
    if (scans.length === 0) return exact;
    return [...exact, ...scans].sort((a, b) => a.order - b.order);
  }

  return { app: proxy, middleware, routes: () => [...registered] };
}

/** Which kind of listener a request is for, and the key to look up, from the arguments Bolt built. */
function lookup(args: Args): { kind: Kind; key: string | undefined } | undefined {
  if ('command' in args && args.command) return { kind: 'command', key: field(args.command, 'command') };
  if ('action' in args && args.action) return { kind: 'action', key: field(args.action, 'action_id') };
  if ('options' in args && args.options) return { kind: 'options', key: field(args.options, 'action_id') };
  if ('view' in args) return { kind: 'view', key: args.view ? field(args.view, 'callback_id') : undefined };
  if ('shortcut' in args && args.shortcut) return { kind: 'shortcut', key: field(args.shortcut, 'callback_id') };
  return undefined;
}

function field(obj: object, name: string): string | undefined {
  const v: unknown = Reflect.get(obj, name);
  return typeof v === 'string' ? v : undefined;
}

/** Bolt's processMiddleware: each middleware gets `next` to call the following one; the last is the listener, with a no-op `next`. */
function runChain(chain: readonly Middleware<AnyMiddlewareArgs>[], args: Args): Promise<void> {
  let last = -1;
  const invoke = async (i: number): Promise<void> => {
    if (last >= i) throw new Error('next() called multiple times');
    last = i;
    const fn = chain[i];
    if (!fn) return;
    await fn({ ...args, next: i === chain.length - 1 ? noop : () => invoke(i + 1) });
  };
  return invoke(0);
}

async function noop(): Promise<void> {}

/** Several listeners of one request failed: what Bolt's MultipleListenerError carries. */
export class MultipleListenerFailure extends Error {
  override name = 'MultipleListenerFailure';
  constructor(readonly originals: Error[]) {
    super('Multiple errors occurred while handling several listeners. The `originals` property contains an array of each error.');
  }
}
