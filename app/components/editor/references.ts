import type { UiSchema } from "@rjsf/utils";
import { KINDS, type DocumentKind } from "~/domain/kinds";

/** A document an officer can pick as a reference: its key and what it is called. */
export interface ReferenceChoice {
  code: string;
  title: string;
}

export const REFERENCE_WIDGET = "reference";

type Node = Record<string, unknown>;

/**
 * The kind's UI schema with a reference picker on every property the registry lists as a reference
 * (`/cases/* /components/* /formCode` → cases.items.components.items.formCode), carrying the documents to
 * choose from. What the UI schema already says there (placeholder, help) is kept.
 */
export function withReferencePickers(
  kind: DocumentKind,
  uiSchema: UiSchema,
  choices: Partial<Record<DocumentKind, ReferenceChoice[]>>,
): UiSchema {
  const root = structuredClone(uiSchema) as Node;
  for (const reference of KINDS[kind].references) {
    let node = root;
    for (const segment of reference.path.split("/").slice(1)) {
      const key = segment === "*" ? "items" : segment;
      node[key] ??= {};
      node = node[key] as Node;
    }
    node["ui:widget"] = REFERENCE_WIDGET;
    node["ui:options"] = { ...(node["ui:options"] as Node | undefined), refKind: reference.kind, refLabel: KINDS[reference.kind].label, choices: choices[reference.kind] ?? [] };
  }
  return root as UiSchema;
}

/** The kinds a kind's documents refer to (whose documents the picker lists). */
export const referencedKinds = (kind: DocumentKind): DocumentKind[] => [...new Set(KINDS[kind].references.map((r) => r.kind))];
