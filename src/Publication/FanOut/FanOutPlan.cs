using Warning.Grains.Publication;
using Warning.Grains.Recipients;
using Warning.Publication.Channels;
using Warning.Publication.Confirmation;
using Warning.Publication.Outbox;
using Warning.Publication.Texts;
using Warning.Rules.Levels;

namespace Warning.Publication.FanOut;

/// <summary>
/// Who gets what for one public warning version: an SMS to every recipient of the area who takes SMS at this level,
/// one loudspeaker broadcast for the area, and the warning JSON to every webhook subscribed to the area. An all-clear
/// or cancellation goes to the same people as the level it lifts. Exercises reach no one unless configured to.
/// </summary>
public static class FanOutPlan
{
    public static IReadOnlyList<OutboxMessage> For(
        PublicWarning warning,
        PublicWarningVersion version,
        IReadOnlyList<Recipient> recipients,
        IReadOnlyList<Subscription> subscriptions,
        ChannelsOptions channels,
        PublicationOptions publication,
        string webhookBody,
        IReadOnlyList<ConfirmationAsk>? asks = null)
    {
        if (version.HeldBy is not null || (warning.Exercise && !publication.SendExercises)) return [];
        WarningLevelNames.TryParse(version.Level, out var level);
        var messages = new List<OutboxMessage>();
        OutboxMessage Message(string channel, string recipient, string target, string text, string? body = null, string? secret = null) =>
            new(OutboxMessage.IdOf(warning.Id, version.Number, channel, recipient), warning.Id, version.Number, version.Contributors,
                channel, recipient, target, version.Level, [warning.Area], text, body, secret);

        if (channels.Sms.Url is not null)
        {
            var sms = PublicTexts.Sms(warning, version);
            // An official who must answer gets the same SMS with a reply code and a link (叫应).
            var asking = (asks ?? []).ToDictionary(a => a.Recipient.Id, StringComparer.Ordinal);
            messages.AddRange(recipients
                .Where(r => TakesSms(r, version.Level))
                .Select(r => Message(ChannelNames.Sms, r.Id, r.Phone!,
                    asking.TryGetValue(r.Id, out var ask) ? ConfirmTexts.Sms(warning, version, ask.Code, ask.Link) : sms)));
        }
        if (channels.Broadcast.Url is not null)
        {
            messages.Add(Message(ChannelNames.Broadcast, $"area:{warning.Area}", warning.Area, PublicTexts.Broadcast(warning, version)));
        }
        messages.AddRange(subscriptions
            .Where(s => s.CoversArea(warning.Area) && Reaches(s.MinLevel, level))
            .Select(s => Message(ChannelNames.Webhook, $"subscription:{s.Id}", s.Url, PublicTexts.Sms(warning, version), webhookBody, s.Secret)));
        return messages;
    }

    /// <summary>A recipient the SMS of a version at <paramref name="level"/> goes to.</summary>
    public static bool TakesSms(Recipient r, string level) =>
        r.Phone is not null && r.Channels.Contains(ChannelNames.Sms) && WarningLevelNames.TryParse(level, out var parsed) && Reaches(r.MinLevel, parsed);

    private static bool Reaches(string minLevel, WarningLevel level) =>
        !WarningLevelNames.TryParse(minLevel, out var min) || level >= min;
}
