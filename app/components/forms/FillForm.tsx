import Form from "@rjsf/core";
import type { RJSFSchema, UiSchema } from "@rjsf/utils";
import { ChoiceSelectWidget } from "~/components/editor/ChoiceSelectWidget";
import { DateWidget } from "~/components/editor/DateWidget";
import { translateString } from "~/components/editor/translate";
import { editorValidator } from "~/components/editor/validator";

/**
 * Filling a printable form in on the page (loaded only when the citizen asks for it): the form's own schema
 * rendered by rjsf, dates typed dd/mm/yyyy. Nothing is sent anywhere: there is no submit; what is typed goes to
 * the paper preview beside it, to be printed.
 */
export default function FillForm({
  schema,
  uiSchema,
  values,
  onChange,
}: {
  schema: RJSFSchema;
  uiSchema: UiSchema;
  values: unknown;
  onChange: (values: unknown) => void;
}) {
  return (
    <Form
      schema={schema}
      uiSchema={{ ...uiSchema, "ui:submitButtonOptions": { norender: true } }}
      formData={values}
      validator={editorValidator}
      noValidate
      noHtml5Validate
      showErrorList={false}
      translateString={translateString}
      widgets={{ SelectWidget: ChoiceSelectWidget, DateWidget }}
      idPrefix="dien"
      // Not a <form>: nothing is submitted, and the builder shows it inside the document's own form.
      tagName="div"
      experimental_defaultFormStateBehavior={{ emptyObjectFields: "populateRequiredDefaults" }}
      onChange={(event) => onChange(event.formData)}
    />
  );
}
