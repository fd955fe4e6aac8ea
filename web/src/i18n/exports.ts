/** Strings of list exports: `en` defines the keys, `zhCN` must translate each (spread into en.ts and zh-cn.ts). */
export const en = {
  "export.menu": "Export",
  "export.csv": "CSV (Excel, UTF-8)",
  "export.xlsx": "Excel workbook (.xlsx)",
  "export.hint": "Exports every record of this list with the current filters.",
};

export const zhCN: Record<keyof typeof en, string> = {
  "export.menu": "导出",
  "export.csv": "CSV（Excel，UTF-8）",
  "export.xlsx": "Excel 工作簿（.xlsx）",
  "export.hint": "按当前筛选条件导出此列表的全部记录。",
};
