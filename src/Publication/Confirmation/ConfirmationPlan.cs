using Warning.Grains.Publication;
using Warning.Grains.Recipients;
using Warning.Publication.FanOut;

namespace Warning.Publication.Confirmation;

/// <summary>
/// Who a version asks to confirm, pure: the recipients its SMS reaches (<see cref="FanOutPlan.TakesSms"/>) who must
/// confirm (<see cref="ConfirmRoles"/>), when the version is at a level of <c>Confirm:Levels</c> and is a warning (not
/// an all-clear or a retraction) that goes out at all. Each gets a reply code and a signed link.
/// </summary>
public static class ConfirmationPlan
{
    public static IReadOnlyList<ConfirmationAsk> For(PublicWarning warning, PublicWarningVersion version, IReadOnlyList<Recipient> recipients,
        ConfirmOptions options, ConfirmationTokens tokens, string baseUrl, bool sendsSms, bool sendsExercises)
    {
        if (!sendsSms || version.HeldBy is not null || version.AllClear || version.MsgType == "Cancel" || (warning.Exercise && !sendsExercises)) return [];
        if (!options.Asks(version.Level)) return [];
        var root = baseUrl.TrimEnd('/');
        return recipients
            .Where(r => FanOutPlan.TakesSms(r, version.Level) && ConfirmRoles.MustConfirm(r))
            .Select(r => new ConfirmationAsk(r, tokens.Code(warning.Id, version.Number, r.Id), ConfirmationTokens.IdOf(warning.Id, version.Number, r.Id),
                $"{root}/c/{tokens.Token(warning.Id, version.Number, r.Id)}"))
            .ToList();
    }
}
