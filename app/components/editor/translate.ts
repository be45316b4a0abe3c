import { englishStringTranslator, replaceStringParameters, TranslatableString } from "@rjsf/utils";

/** rjsf's interface words in Vietnamese (buttons, empty lists, yes/no); anything unlisted stays as rjsf says it. */
const VIETNAMESE: Partial<Record<TranslatableString, string>> = {
  [TranslatableString.ArrayItemTitle]: "Mục",
  [TranslatableString.EmptyArray]: "Chưa có mục nào. Bấm nút bên dưới để thêm.",
  [TranslatableString.YesLabel]: "Có",
  [TranslatableString.NoLabel]: "Không",
  [TranslatableString.CloseLabel]: "Đóng",
  [TranslatableString.ErrorsLabel]: "Lỗi",
  [TranslatableString.NewStringDefault]: "",
  [TranslatableString.AddButton]: "Thêm",
  [TranslatableString.AddItemButton]: "Thêm mục",
  [TranslatableString.CopyButton]: "Nhân bản",
  [TranslatableString.MoveDownButton]: "Chuyển xuống",
  [TranslatableString.MoveUpButton]: "Chuyển lên",
  [TranslatableString.RemoveButton]: "Xóa",
  [TranslatableString.NowLabel]: "Hôm nay",
  [TranslatableString.ClearLabel]: "Xóa",
  [TranslatableString.AriaDateLabel]: "Chọn ngày",
  [TranslatableString.PreviewLabel]: "Xem trước",
  [TranslatableString.DecrementAriaLabel]: "Giảm 1",
  [TranslatableString.IncrementAriaLabel]: "Tăng 1",
  [TranslatableString.OptionalObjectAdd]: "Thêm thông tin cho mục không bắt buộc",
  [TranslatableString.OptionalObjectRemove]: "Bỏ thông tin của mục không bắt buộc",
  [TranslatableString.OptionalObjectEmptyMsg]: "Chưa có thông tin",
  [TranslatableString.Type]: "Kiểu",
  [TranslatableString.Value]: "Giá trị",
  [TranslatableString.ClearButton]: "xóa nội dung",
  [TranslatableString.OptionPrefix]: "Lựa chọn %1",
  [TranslatableString.TitleOptionPrefix]: "%1 – lựa chọn %2",
  [TranslatableString.KeyLabel]: "Khóa của %1",
};

export function translateString(key: TranslatableString, params?: string[]): string {
  const text = VIETNAMESE[key];
  return text === undefined ? englishStringTranslator(key, params) : replaceStringParameters(text, params);
}
