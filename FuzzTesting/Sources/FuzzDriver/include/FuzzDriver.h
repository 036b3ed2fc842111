#ifndef FUZZ_DRIVER_H
#define FUZZ_DRIVER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver. Why this is needed: SwiftPM links an executable target with its entry
/// point renamed to TARGET_main and `main` aliased to it, which hides libFuzzer's own `main`;
/// each harness defines TARGET_main and hands control to this driver.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
