import type { Migration, MigrationProvider } from "kysely";
import * as createDocuments from "./2026_11_22_010000_create_documents.ts";
import * as createUsersSessionsAudit from "./2026_11_22_020000_create_users_sessions_audit.ts";
import * as addDocumentsSearchText from "./2026_12_01_010000_add_documents_search_text.ts";
import * as createCustomFieldLists from "./2026_12_01_020000_create_custom_field_lists.ts";
import * as inForceRevisionAndWorkflow from "./2026_12_01_030000_in_force_revision_and_workflow.ts";
import * as revisionEffectiveFrom from "./2026_12_01_040000_revision_effective_from.ts";
import * as units from "./2026_12_02_010000_units.ts";
import * as releases from "./2026_12_03_010000_releases.ts";
import * as pendingImports from "./2026_12_04_010000_pending_imports.ts";

/**
 * Every migration, by name, in the order they run. Listed statically (not read from the folder) so the
 * same list works under tsx, vitest and the Vite-built server; tests/migrations.test.ts fails when a file
 * in this folder is missing here.
 */
export const migrations: Record<string, Migration> = {
  "2026_11_22_010000_create_documents": createDocuments,
  "2026_11_22_020000_create_users_sessions_audit": createUsersSessionsAudit,
  "2026_12_01_010000_add_documents_search_text": addDocumentsSearchText,
  "2026_12_01_020000_create_custom_field_lists": createCustomFieldLists,
  "2026_12_01_030000_in_force_revision_and_workflow": inForceRevisionAndWorkflow,
  "2026_12_01_040000_revision_effective_from": revisionEffectiveFrom,
  "2026_12_02_010000_units": units,
  "2026_12_03_010000_releases": releases,
  "2026_12_04_010000_pending_imports": pendingImports,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
