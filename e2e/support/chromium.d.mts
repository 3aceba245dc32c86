export const debianChromium: string | undefined;
export const chromiumArgs: string[];
