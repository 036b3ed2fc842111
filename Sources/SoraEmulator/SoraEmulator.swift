// The Sora emulator: filled in by the emulator work.
