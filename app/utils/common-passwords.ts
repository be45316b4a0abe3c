/**
 * Passwords of at least 10 characters that appear near the top of published leaked-password lists, plus
 * Vietnamese ones seen in those lists and words of this app. Compared in lower case with spaces removed.
 * Short ones are not listed: the minimum length refuses them already.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  "1234567890", "0123456789", "0987654321", "9876543210", "1111111111", "0000000000", "1234512345", "1122334455",
  "1234567891", "12345678910", "123456789a", "a123456789", "123456789q", "q123456789", "1234567890a", "abc1234567",
  "abcd123456", "abcde12345", "abcdef1234", "abcdefghij", "qwertyuiop", "qwerty1234", "qwerty12345", "qwerty123456",
  "1q2w3e4r5t", "1qaz2wsx3edc", "zaq12wsxcde3", "asdfghjkl1", "asdfghjkl;", "zxcvbnm123", "qazwsxedc1",
  "password12", "password123", "password1234", "password12345", "password!", "password@123", "passw0rd123",
  "p@ssw0rd123", "p@ssword123", "passwordpassword", "iloveyou12", "iloveyou123", "iloveyou1234", "princess123",
  "sunshine123", "football123", "baseball123", "welcome123", "welcome1234", "welcome@123", "letmein123",
  "monkey1234", "dragon1234", "master1234", "superman123", "batman1234", "trustno1234", "starwars123",
  "administrator", "admin12345", "admin123456", "admin@1234", "admin@12345", "adminadmin", "administrator1",
  "changeme123", "default123", "secret1234", "computer123", "internet123", "abc123abc123", "123abc123abc",
  "matkhau123", "matkhau1234", "matkhau@123", "matkhaumoi", "matkhaumoi123", "anhyeuem123", "emyeuanh123",
  "anhyeuem1234", "yeuemnhieu", "vietnam123", "vietnam1234", "vietnamvodich", "hanoi12345", "saigon1234",
  "hochiminh123", "123456789vn", "vn123456789", "dangnhap123", "quantri123", "quantrivien", "quantrihethong",
  "niemyet123", "niemyet1234", "niemyet@123", "motcua12345", "thutuchanhchinh", "cchc123456", "ubnd123456",
  "ubndphuong", "ubndxa12345",
]);
