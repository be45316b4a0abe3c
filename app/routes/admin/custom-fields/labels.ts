/** The add form's inputs, by name, with the words the page and its messages use. */
export const ADD_FIELD_LABELS = {
  title: "Tên trường",
  type: "Kiểu dữ liệu",
  options: "Các lựa chọn",
  help: "Hướng dẫn nhập",
  required: "Bắt buộc",
  public: "Hiện trên trang công khai",
} as const;

export type AddFieldInput = keyof typeof ADD_FIELD_LABELS;
