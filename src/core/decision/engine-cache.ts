import type { ContextEntry, RequestContext } from '../condition/request-context.js';
import type { Estate, Resource, VpcEndpoint } from '../model/estate.js';
import type { ServiceCatalog } from '../model/service-catalog.js';
import type { CompiledStatement, Policy } from '../policy/policy-types.js';
import type { CallerIdentity, PrincipalMatcher } from '../policy/principal-matcher.js';
import type { CallerSide } from './caller-gates.js';
import type { HopInput, ResolvedHop } from './evaluate-hop.js';
import type { RequestPlan } from './evaluate-request.js';
import type { GuardrailResult } from './guardrail-gates.js';
import type { Membership } from './organization-chain.js';
import type { AuthorizationRequest } from './request.js';
import type { ResolvedCaller } from './resolve-caller.js';
import type { ResolvedResource } from './resolve-resource.js';
import type { Assumption, StatementRef } from './result.js';
import type { BlockPublicAccessInForce } from './s3-rules.js';

/**
 * The engine's one cache. Every answer of the engine is a function of the estate, the request and
 * the service catalog, all immutable once made; what is kept here is only ever recomputed, never
 * wrong. Three kinds of table:
 *
 * - `FactsTable`: what follows from one object alone (a policy, a statement, a planned request, a
 *   resolved caller, an organization membership). It lives as long as the object does (a WeakMap).
 * - `KeyedTable`: answers kept under an object and a string (an estate and a principal ARN, a
 *   policy and an action).
 * - `ReadsTable`: answers that depend on the request context only through the keys they look up
 *   (the caller side, the SCP and RCP chains), kept under an object and a string and then by what
 *   each lookup answered (see `ReadsSlot`).
 *
 * One eviction rule: every entry a `KeyedTable` or a `ReadsTable` records counts toward
 * `ENGINE_CACHE_ENTRIES`; past it, all of them start over at once. Facts tables need no rule:
 * their entries go with their objects.
 *
 * `keep: false` gives a cache that computes every time (the reference engine of the tests).
 */
export interface EngineCacheOptions {
  readonly keep: boolean;
  readonly entries: number;
}

/** How many answers the keyed and reads tables hold together before they start over. */
export const ENGINE_CACHE_ENTRIES = 2_000_000;

/** Counts the entries of the keyed and reads tables; a new generation empties them all. */
export class Generations {
  generation = 0;
  private count = 0;

  constructor(private readonly limit: number) {}

  recorded(): void {
    if (++this.count > this.limit) {
      this.generation++;
      this.count = 0;
    }
  }
}

export class FactsTable<K extends object, V> {
  private readonly table = new WeakMap<K, V>();

  constructor(private readonly keep: boolean) {}

  /** The value for `key`, computed by `compute(key, arg)` when not kept (a function, not a closure: nothing is made on a hit). */
  get<A>(key: K, compute: (key: K, arg: A) => V, arg: A): V {
    if (!this.keep) return compute(key, arg);
    let v = this.table.get(key);
    if (v === undefined) {
      v = compute(key, arg);
      this.table.set(key, v);
    }
    return v;
  }
}

export class KeyedTable<O extends object, V> {
  private table = new WeakMap<O, Map<string, V>>();
  private generation = 0;

  constructor(
    private readonly keep: boolean,
    private readonly generations: Generations,
  ) {}

  /** The value for (`owner`, `key`), computed by `compute(owner, key, arg)` when not kept. */
  get<A>(owner: O, key: string, compute: (owner: O, key: string, arg: A) => V, arg: A): V {
    if (!this.keep) return compute(owner, key, arg);
    if (this.generation !== this.generations.generation) {
      this.table = new WeakMap();
      this.generation = this.generations.generation;
    }
    let entries = this.table.get(owner);
    if (!entries) this.table.set(owner, (entries = new Map()));
    let v = entries.get(key);
    if (v === undefined) {
      v = compute(owner, key, arg);
      entries.set(key, v);
      this.generations.recorded();
    }
    return v;
  }
}

export class ReadsTable<O extends object, V> {
  private table = new WeakMap<O, Map<string, ReadsSlot<V>>>();
  private generation = 0;

  constructor(
    private readonly keep: boolean,
    private readonly generations: Generations,
  ) {}

  /**
   * The recorded runs under (`owner`, `key`). A planned hop asks for the same slot every time, so
   * it may keep it; a kept slot stays exact after the table has started over, it is only no
   * longer shared.
   */
  slot(owner: O, key: string): ReadsSlot<V> {
    if (!this.keep) return new ReadsSlot(false, this.generations);
    if (this.generation !== this.generations.generation) {
      this.table = new WeakMap();
      this.generation = this.generations.generation;
    }
    let slots = this.table.get(owner);
    if (!slots) this.table.set(owner, (slots = new Map()));
    let slot = slots.get(key);
    if (!slot) slots.set(key, (slot = new ReadsSlot(true, this.generations)));
    return slot;
  }
}

/**
 * The runs of one computation that reads the request context, kept as a tree of lookups: the
 * first run records each key it looked up and the answer it got. The computation is a
 * deterministic function of its fixed inputs and of those answers, so two contexts that answer
 * the first lookups alike make it look up the same next key: a later context walks the tree, one
 * lookup per level, and either reaches a recorded value (exact, not a heuristic) or computes and
 * records a new branch.
 */
export class ReadsSlot<V> {
  private root: ReadsNode<V> | undefined;
  private generation: number;

  constructor(
    private readonly keep: boolean,
    private readonly generations: Generations,
  ) {
    this.generation = generations.generation;
  }

  get(ctx: RequestContext, compute: (ctx: RequestContext) => V): V {
    if (!this.keep) return compute(ctx);
    if (this.generation !== this.generations.generation) {
      this.root = undefined;
      this.generation = this.generations.generation;
    }
    let node = this.root;
    let parent: ReadsNode<V> | undefined;
    let answer: ContextEntry | undefined;
    while (node !== undefined) {
      if (node.key === undefined) return node.value!;
      answer = ctx.lookup(node.key);
      parent = node;
      node = childFor(node, answer);
    }
    const recording = new RecordingContext(ctx);
    const value = compute(recording);
    this.record(parent, answer, recording.reads, value);
    return value;
  }

  /** Grows the tree by the run's lookups past the point where the walk left it. */
  private record(parent: ReadsNode<V> | undefined, answer: ContextEntry | undefined, reads: ReadonlyArray<readonly [string, ContextEntry]>, value: V): void {
    let depth = 0;
    if (parent !== undefined) {
      // The walk looked up the keys of every node above the new branch, in the same order as the run did.
      let n: ReadsNode<V> | undefined = this.root;
      while (n !== parent) {
        const read = reads[depth];
        if (n === undefined || read === undefined) return; // never expected: keep the answer, record nothing
        n = childFor(n, read[1]);
        depth++;
      }
      if (reads[depth]?.[0] !== parent.key) return; // never expected: keep the answer, record nothing
      depth++;
    }
    let leaf: ReadsNode<V> = { key: undefined, value, children: undefined };
    for (let i = reads.length - 1; i >= depth; i--) leaf = { key: reads[i]![0], value: undefined, children: [[reads[i]![1], leaf]] };
    if (parent === undefined) this.root = leaf;
    else (parent.children ??= []).push([answer!, leaf]);
    this.generations.recorded();
  }
}

interface ReadsNode<V> {
  /** The key looked up next; undefined at a recorded value. */
  readonly key: string | undefined;
  readonly value: V | undefined;
  children: Array<readonly [ContextEntry, ReadsNode<V>]> | undefined;
}

function childFor<V>(node: ReadsNode<V>, answer: ContextEntry): ReadsNode<V> | undefined {
  const children = node.children;
  if (!children) return undefined;
  for (let i = 0; i < children.length; i++) if (sameEntry(children[i]![0], answer)) return children[i]![1];
  return undefined;
}

class RecordingContext implements RequestContext {
  readonly reads: Array<readonly [string, ContextEntry]> = [];

  constructor(private readonly inner: RequestContext) {}

  lookup(key: string): ContextEntry {
    const e = this.inner.lookup(key);
    this.reads.push([key, e]);
    return e;
  }
}

function sameEntry(a: ContextEntry, b: ContextEntry): boolean {
  if (a === b) return true;
  if (a.state !== b.state) return false;
  if (a.state !== 'present' || b.state !== 'present') return true;
  if (a.multi !== b.multi || a.values.length !== b.values.length) return false;
  for (let i = 0; i < a.values.length; i++) if (a.values[i] !== b.values[i]) return false;
  return true;
}

/** The tables of one engine cache; which table keeps what is said where it is used. */
export class EngineCache {
  private readonly generations: Generations;

  constructor(readonly options: EngineCacheOptions = { keep: true, entries: ENGINE_CACHE_ENTRIES }) {
    this.generations = new Generations(options.entries);
  }

  facts<K extends object, V>(): FactsTable<K, V> {
    return new FactsTable(this.options.keep);
  }

  keyed<O extends object, V>(): KeyedTable<O, V> {
    return new KeyedTable(this.options.keep, this.generations);
  }

  reads<O extends object, V>(): ReadsTable<O, V> {
    return new ReadsTable(this.options.keep, this.generations);
  }

  /** How many times the keyed and reads tables have started over (tests). */
  get startedOver(): number {
    return this.generations.generation;
  }
}

/** The process's engine cache. */
export const engineCache = new EngineCache();

/**
 * Every table the engine keeps, in one place. Each says what it keys and why it pays.
 */
export function engineTables(cache: EngineCache) {
  return {
    /** A request's hops depend only on the request, the estate and the catalog: planned once per request object (evaluate-request.ts). */
    plans: cache.facts<AuthorizationRequest, RequestPlan>(),
    /** Per catalog, per action as asked: the assumption an action unknown to the service reference data brings, or null. */
    unknownActions: cache.keyed<ServiceCatalog, Assumption | null>(),
    /** What a planned hop resolves to in the estate (caller, resource, organization, target facts): once per hop object. */
    resolvedHops: cache.facts<HopInput, ResolvedHop>(),
    /** Principal ARN (and session issuer) → the resolved caller, per estate. */
    callers: cache.keyed<Estate, ResolvedCaller>(),
    /** Resource ARN → the resolved resource, per estate (trust actions resolve a role to its trust policy). */
    resources: cache.keyed<Estate, ResolvedResource>(),
    /** Endpoint id → the VPC endpoint, per estate, over every account whose endpoints were collected (vpc-endpoint-gate.ts). */
    vpcEndpoints: cache.facts<Estate, ReadonlyMap<string, VpcEndpoint>>(),
    /** Account id → where it sits in the organization, per estate. */
    memberships: cache.keyed<Estate, Membership>(),
    /** A user's identity policies with its groups' (docs/aws-authorization.md#group-policies-apply-to-members), per resolved caller. */
    identityPolicies: cache.facts<ResolvedCaller, readonly Policy[]>(),
    /** The caller side per caller, action and resource, by the context keys its policies read. */
    callerSides: cache.reads<ResolvedCaller, CallerSide>(),
    /** The SCP chain of an account per action and resource, by the keys it reads: SCPs name no principal, so every caller of the account shares it. */
    scpChains: cache.reads<Membership, GuardrailResult>(),
    /** The RCP chain of a resource's account per caller, action and resource, by the keys it reads (RCP statements name principals). */
    rcpChains: cache.reads<CallerIdentity, GuardrailResult>(),
    /** Whether RCPs bind an action's service, per catalog (the launch services without one) and action. */
    rcpCoverage: cache.keyed<object, boolean>(),
    /** A bucket's Block Public Access in force, its own settings merged with its account's. */
    blockPublicAccess: cache.facts<Resource, BlockPublicAccessInForce>(),
    /** Whether a bucket policy is public in S3's sense (docs/aws-authorization.md#s3-block-public-access). */
    publicPolicies: cache.facts<Policy, boolean>(),
    /** A VPC access point's network origin as a Deny statement on aws:SourceVpc (target-gates.ts), per access point. */
    networkOriginPolicies: cache.facts<Resource, Policy | undefined>(),
    /** Per policy, per lowercased action: its statements whose Action / NotAction matches. */
    statementsByAction: cache.keyed<Policy, readonly CompiledStatement[]>(),
    /** A NotPrincipal element re-read as a plain list, to tell whether it names a role session itself. */
    listedAsIs: cache.facts<PrincipalMatcher, PrincipalMatcher>(),
    /** Statement references, immutable: made once per statement. */
    statementRefs: cache.facts<CompiledStatement, StatementRef>(),
    /** Why a broken statement could not be evaluated, one line per problem, per statement. */
    brokenTexts: cache.facts<CompiledStatement, { readonly policy: string; readonly texts: readonly string[] }>(),
  };
}

export type EngineTables = ReturnType<typeof engineTables>;

/** The tables of the process's engine cache. */
export const tables: EngineTables = engineTables(engineCache);
