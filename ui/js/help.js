// 使用说明: the essentials of the user guide, offline, in a dialog (button in the top bar, F1).
import { h } from "./dom.js";
import { dialog } from "./modal.js";

const SECTIONS = [
  ["填写", [
    "按纸质表格的顺序填写附件1，勾选劳务品牌类型后，下方显示该类别的 5 项分类条件。",
    "评分表只需填写事实（人数、工资、是否具备、级别），软件按评分规则自动算分，右侧随时显示每一项的得分和理由。",
    "是/否问题点一下“是”或“否”；再点一下已选的答案可取消。数字可以带单位填写，如在“万元”一栏填“2.5亿”，旁边会显示“按 25,000 万元计”。",
  ]],
  ["键盘", [
    "Tab / Shift+Tab：到下一题 / 上一题。",
    "在是/否题上：Y 或 ← 选“是”，N 或 → 选“否”。",
    "Ctrl+S：立即保存；Ctrl+P 或 Ctrl+E：导出 PDF；F1：打开本说明。",
  ]],
  ["保存", [
    "输入后不到半秒自动保存到本机。保存失败时（如备份软件占用）会自动重试，关闭窗口前会先询问，不会丢失输入。",
    "“历史版本”保留每次打开编辑前、更改类型前、导出和恢复前的内容，重要的版本可以命名保留。",
  ]],
  ["导出", [
    "“导出 PDF”生成可打印盖章的 A4 推荐表和评分表。勾选“精简版”时，评分表只打印基本条件和所选类别。",
    "页脚的“校验码 3F2A-91C0 · 第 N 版”与窗口顶部显示的相同，可用来核对纸质表格和电子草稿是否一致；不需要时取消勾选“打印校验码”。",
    "有一票否决项未满足、尚未填完或基本情况超过 500 字时，导出前会先提醒。",
  ]],
];

/** Opens the 使用说明 dialog. */
export function showHelp() {
  return dialog({
    title: "使用说明",
    body: [
      h(
        "div",
        { class: "help" },
        SECTIONS.map(([title, lines]) => [h("h3", { text: title }), h("ul", {}, lines.map((l) => h("li", { text: l })))]),
        h("p", { class: "hint", text: "完整的使用说明见安装目录或源代码中的 docs/user-guide.md。" }),
      ),
    ],
    buttons: [{ label: "关闭", value: null, primary: true }],
  });
}
