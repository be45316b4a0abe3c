import { getDefaultRegistry } from "@rjsf/core";
import type { WidgetProps } from "@rjsf/utils";

const CoreSelectWidget = getDefaultRegistry().widgets.SelectWidget;

/**
 * rjsf's select, plus a label for the one it draws without a field template: the choice between the shapes
 * of a `oneOf` (a fee rule is "Miễn phí", "Mức cố định" or "Lũy tiến theo đơn vị"), which otherwise has no
 * accessible name (axe: select-name).
 */
export function ChoiceSelectWidget(props: WidgetProps) {
  if (!props.id.endsWith("__oneof_select")) return <CoreSelectWidget {...props} />;
  return (
    <>
      <label htmlFor={props.id} className="control-label">
        {props.label || "Dạng"}
      </label>
      <CoreSelectWidget {...props} />
    </>
  );
}
