import Form from "@rjsf/core";
import type { RJSFSchema, UiSchema } from "@rjsf/utils";
import { useState, type ReactNode } from "react";
import { editorButtonTemplates } from "./buttons";
import { ChoiceSelectWidget } from "./ChoiceSelectWidget";
import { DateWidget } from "./DateWidget";
import { DurationField } from "./DurationField";
import { DURATION_FIELD, MDX_WIDGET, MONEY_WIDGET } from "./schema-widgets";
import { MoneyWidget } from "./MoneyWidget";
import { MdxWidget } from "./MdxWidget";
import { ReferenceWidget } from "./ReferenceWidget";
import { REFERENCE_WIDGET } from "./references";
import { toErrorSchema, type FieldProblem } from "~/domain/problems";
import { translateString } from "./translate";
import { editorValidator } from "./validator";

/**
 * The form of one document, rendered by rjsf from the kind's schema and UI schema. It does not validate in the
 * browser: every save goes to the server, which validates with the same schemas and the catalog's rules and
 * sends back problems that show beside their fields, so a message reads the same everywhere.
 */
/** The id of the document's form element: the save button below it submits it by this id. */
const FORM_ID = "document-form";

export function DocumentEditor({
  schema,
  uiSchema,
  initial,
  problems,
  readOnly,
  busy,
  onSave,
  onChange,
  beforeActions,
}: {
  schema: RJSFSchema;
  uiSchema: UiSchema;
  initial: Record<string, unknown>;
  problems: readonly FieldProblem[];
  readOnly: boolean;
  busy: boolean;
  onSave: (body: Record<string, unknown>) => void;
  /** Told of every change (e.g. so a merge after a conflict takes what is typed now). */
  onChange?: (body: Record<string, unknown>) => void;
  /**
   * Shown after the form's fields, before the save button (e.g. the form builder). It is outside the rjsf form
   * (rjsf re-renders its children only when its props deep-differ), and the button saves the form by its id.
   */
  beforeActions?: ReactNode;
}) {
  const [formData, setFormData] = useState(initial);
  return (
    <>
      <Form
        id={FORM_ID}
        schema={schema}
        uiSchema={{ ...uiSchema, "ui:submitButtonOptions": { norender: true } }}
        formData={formData}
        validator={editorValidator}
        noValidate
        noHtml5Validate
        showErrorList={false}
        extraErrors={toErrorSchema(problems)}
        translateString={translateString}
        templates={{ ButtonTemplates: editorButtonTemplates }}
        // "hidden": a property edited outside rjsf (a form's own schema, by the form builder).
        fields={{ [DURATION_FIELD]: DurationField, hidden: HiddenField }}
        widgets={{
          SelectWidget: ChoiceSelectWidget,
          DateWidget,
          [REFERENCE_WIDGET]: ReferenceWidget,
          [MDX_WIDGET]: MdxWidget,
          [MONEY_WIDGET]: MoneyWidget,
        }}
        idPrefix="root"
        // Optional objects (a fee amount, a repeal) are not created just to hold a default value.
        experimental_defaultFormStateBehavior={{ emptyObjectFields: "populateRequiredDefaults" }}
        disabled={readOnly}
        onChange={(event) => {
          setFormData(event.formData as Record<string, unknown>);
          onChange?.(event.formData as Record<string, unknown>);
        }}
        onSubmit={(event) => onSave(event.formData as Record<string, unknown>)}
      />
      {beforeActions}
      {readOnly ? null : (
        <p className="editor-actions">
          <button type="submit" form={FORM_ID} className="button" disabled={busy}>
            {busy ? "Đang lưu…" : "Lưu"}
          </button>
        </p>
      )}
    </>
  );
}

function HiddenField() {
  return null;
}
