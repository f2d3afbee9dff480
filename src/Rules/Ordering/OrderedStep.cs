using Warning.Rules.Evaluation;

namespace Warning.Rules.Ordering;

/// <summary>
/// What one reading did: evaluated, or refused as older than the allowed lateness (stored, flagged, not evaluated);
/// <see cref="Revised"/> when it arrived out of order and the changes since the watermark were recomputed.
/// </summary>
public sealed record OrderedStep(bool Evaluated, bool TooLate, bool Revised, bool Changed, RuleNotice? Notice)
{
    public static readonly OrderedStep Late = new(false, true, false, false, null);

    // A reading in order without a notice, the step of nearly every reading: shared, not made anew each time.
    internal static readonly OrderedStep InOrder = new(true, false, false, false, null);
    internal static readonly OrderedStep InOrderChanged = new(true, false, false, true, null);
}
