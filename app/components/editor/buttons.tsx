import { TranslatableString, type IconButtonProps } from "@rjsf/utils";

/**
 * rjsf's list buttons as buttons with words ("Thêm mục", "Xóa", "Chuyển lên"…): its default theme draws
 * Bootstrap icons, which this app does not load, so officers (and screen readers) would see empty buttons.
 */
function TextButton({ label, variant, props }: { label: string; variant: string; props: IconButtonProps }) {
  const { icon: _icon, iconType: _iconType, uiSchema: _uiSchema, registry: _registry, className, ...rest } = props;
  return (
    <button type="button" className={`button button--small button--${variant} ${className ?? ""}`} {...rest} title={undefined}>
      {label}
    </button>
  );
}

const make = (key: TranslatableString, variant: string) =>
  function EditorButton(props: IconButtonProps) {
    return <TextButton label={props.registry.translateString(key)} variant={variant} props={props} />;
  };

export const editorButtonTemplates = {
  AddButton: make(TranslatableString.AddItemButton, "secondary"),
  CopyButton: make(TranslatableString.CopyButton, "secondary"),
  MoveDownButton: make(TranslatableString.MoveDownButton, "secondary"),
  MoveUpButton: make(TranslatableString.MoveUpButton, "secondary"),
  RemoveButton: make(TranslatableString.RemoveButton, "danger"),
};
