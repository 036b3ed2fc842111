public import Testing

extension Trait where Self == ConditionTrait {
    /// Runs a test only where the real-world corpus is beside the project (`../shared/corpus/real`);
    /// elsewhere (a user's clone) the test is reported as skipped, with the reason.
    public static var corpus: Self {
        .enabled(if: Fixtures.corpus != nil, "the real-world corpus (../shared/corpus/real) is not beside the project: skipped")
    }
}
