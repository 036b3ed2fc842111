// The driver is libFuzzer's; this file only gives the target a compilation unit.
