import {
  AliasNode,
  BinaryOperationNode,
  ColumnNode,
  IdentifierNode,
  JoinNode,
  OnConflictNode,
  OperationNodeTransformer,
  OperatorNode,
  PrimitiveValueListNode,
  QueryNode,
  ReferenceNode,
  TableNode,
  ValueListNode,
  ValueNode,
  ValuesNode,
  type DeleteQueryNode,
  type InsertQueryNode,
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryId,
  type QueryResult,
  type RootOperationNode,
  type SelectQueryNode,
  type UnknownRow,
  type UpdateQueryNode,
} from "kysely";
import type { DB } from "./db.server";

/**
 * Data never crosses units (docs/decisions/010-units.md). A handle scoped to a unit (`scoped(db, scope)`) adds
 * the unit to every query on the unit-owned tables, so no model function can forget it:
 * - reads of `documents` and `revisions` see the unit's own rows and, for a commune, its province's catalog
 *   (`readable`); reads of `document_comments` see the unit's own thread only;
 * - updates and deletes touch the unit's own rows only (a commune never changes its province's documents);
 * - inserts must name the unit (the row types require `unit_code`), and a row for another unit is refused;
 * - upserts' conflict targets gain `unit_code` (it leads each primary key).
 * Raw `sql` statements are not rewritten; the models use none on these tables.
 */

export interface UnitScope {
  /** The unit acted in: what is written belongs to it. */
  unit: string;
  /** Units whose documents are read: the unit itself, then (for a commune) its province. */
  readable: readonly string[];
}

const DOCUMENT_TABLES = new Set(["documents", "revisions"]);
const OWN_ONLY_TABLES = new Set(["document_comments"]);
const SCOPED_TABLES = new Set([...DOCUMENT_TABLES, ...OWN_ONLY_TABLES]);

export class UnitScopeViolation extends Error {}

function tableOf(node: OperationNode | undefined): { table: string; ref: string } | null {
  if (!node) return null;
  if (TableNode.is(node)) {
    const name = node.table.identifier.name;
    return { table: name, ref: name };
  }
  if (AliasNode.is(node) && TableNode.is(node.node) && IdentifierNode.is(node.alias)) {
    return { table: node.node.table.identifier.name, ref: node.alias.name };
  }
  return null;
}

class Transformer extends OperationNodeTransformer {
  constructor(private readonly scope: UnitScope) {
    super();
  }

  private filter(target: { table: string; ref: string }, write: boolean): OperationNode {
    const column = ReferenceNode.create(ColumnNode.create("unit_code"), TableNode.create(target.ref));
    const units = write || OWN_ONLY_TABLES.has(target.table) ? [this.scope.unit] : this.scope.readable;
    return units.length === 1
      ? BinaryOperationNode.create(column, OperatorNode.create("="), ValueNode.create(units[0]))
      : BinaryOperationNode.create(column, OperatorNode.create("in"), PrimitiveValueListNode.create(units));
  }

  protected override transformSelectQuery(node: SelectQueryNode, queryId?: QueryId): SelectQueryNode {
    let out = super.transformSelectQuery(node, queryId);
    for (const from of out.from?.froms ?? []) {
      const target = tableOf(from);
      if (target && SCOPED_TABLES.has(target.table)) out = QueryNode.cloneWithWhere(out, this.filter(target, false));
    }
    return out;
  }

  protected override transformJoin(node: JoinNode, queryId?: QueryId): JoinNode {
    const out = super.transformJoin(node, queryId);
    const target = tableOf(out.table);
    return target && SCOPED_TABLES.has(target.table) ? JoinNode.cloneWithOn(out, this.filter(target, false)) : out;
  }

  protected override transformUpdateQuery(node: UpdateQueryNode, queryId?: QueryId): UpdateQueryNode {
    const out = super.transformUpdateQuery(node, queryId);
    const target = tableOf(out.table);
    return target && SCOPED_TABLES.has(target.table) ? QueryNode.cloneWithWhere(out, this.filter(target, true)) : out;
  }

  protected override transformDeleteQuery(node: DeleteQueryNode, queryId?: QueryId): DeleteQueryNode {
    let out = super.transformDeleteQuery(node, queryId);
    for (const from of out.from.froms) {
      const target = tableOf(from);
      if (target && SCOPED_TABLES.has(target.table)) out = QueryNode.cloneWithWhere(out, this.filter(target, true));
    }
    return out;
  }

  protected override transformInsertQuery(node: InsertQueryNode, queryId?: QueryId): InsertQueryNode {
    const out = super.transformInsertQuery(node, queryId);
    const target = tableOf(out.into);
    if (!target || !SCOPED_TABLES.has(target.table)) return out;
    const index = (out.columns ?? []).findIndex((c) => c.column.name === "unit_code");
    if (index < 0) throw new UnitScopeViolation(`insert into ${target.table} without unit_code in a unit-scoped handle`);
    for (const row of out.values && ValuesNode.is(out.values) ? out.values.values : []) {
      const value = PrimitiveValueListNode.is(row)
        ? row.values[index]
        : ValueListNode.is(row) && ValueNode.is(row.values[index])
          ? (row.values[index] as ValueNode).value
          : undefined;
      if (value !== this.scope.unit) throw new UnitScopeViolation(`insert into ${target.table} for unit ${String(value)} from a handle scoped to ${this.scope.unit}`);
    }
    if (out.onConflict?.columns && !out.onConflict.columns.some((c) => c.column.name === "unit_code")) {
      return { ...out, onConflict: OnConflictNode.cloneWith(out.onConflict, { columns: [ColumnNode.create("unit_code"), ...out.onConflict.columns] }) };
    }
    return out;
  }
}

export class UnitScopePlugin implements KyselyPlugin {
  readonly #transformer: Transformer;
  constructor(readonly scope: UnitScope) {
    this.#transformer = new Transformer(scope);
  }
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node, args.queryId);
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/** A handle that reads and writes as `scope` (see above). Transactions opened on it keep the scope. */
export function scoped(db: DB, scope: UnitScope): DB {
  if (scopeOf(db)) throw new Error("handle is already scoped to a unit");
  return db.withPlugin(new UnitScopePlugin(scope));
}

/** The scope of a handle, or null for an unscoped one (CLI maintenance, migrations, copy-db). */
export function scopeOf(db: DB): UnitScope | null {
  const plugin = db.getExecutor().plugins.find((p): p is UnitScopePlugin => p instanceof UnitScopePlugin);
  return plugin?.scope ?? null;
}

/** The unit a write through this handle belongs to; throws on an unscoped handle. */
export function unitOf(db: DB): string {
  const scope = scopeOf(db);
  if (!scope) throw new UnitScopeViolation("this write needs a handle scoped to a unit (scoped(db, …))");
  return scope.unit;
}
