using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Warning.Grains.Live;
using Warning.Grains.Reports;
using Warning.Ingest.DeadLetters;
using Warning.Ingest.Telemetry;
using Warning.Publication.Channels;
using Warning.Publication.Confirmation;
using Warning.Publication.Outbox;
using Warning.Publication.Reports;
using Warning.Publication.Texts;
using Warning.Records.Database;
using Warning.Records.Recipients;
using Warning.Records.Reports;
using Warning.Rules.Reports;

namespace Warning.Ingest.Reports;

/// <summary>
/// Every community report's one way in, from the API, an SMS or MQTT <c>reports/{area}</c>: the sender's number finds
/// the reporter on the roster (a monitor or information officer bound to the area: <c>pending</c>; anyone else:
/// <c>unverified</c>, kept, never fused); a damage or casualty report of a reporter goes up the disaster information
/// chain; an SMS is answered. The report, its messages and its chain rows are stored in one transaction, then shown on
/// the live feed. A duty officer's verification or rejection goes through here too.
/// </summary>
public sealed class ReportIntake(
    ReportStore store, RecipientStore recipients, ConfirmationTokens tokens, IOptions<ChannelsOptions> channels, IOptions<ReportsOptions> options,
    IClusterClient cluster, DeadLetterStore deadLetters, ReportFuser fuser, TimeProvider time, ILogger<ReportIntake> log)
{
    public const string Topic = "reports/";
    public const string TopicFilter = "reports/+";

    public static class Sources
    {
        public const string Api = "api";
        public const string Sms = "sms";
        public const string Mqtt = "mqtt";
    }

    /// <summary>A validated input: stored, forwarded, announced.</summary>
    public async Task<Report> Take(ReportInput input, string source, DateTimeOffset now)
    {
        var phone = input.Phone!.Trim();
        var found = ReporterRoles.Find(await recipients.ByPhone(phone), input.Area);
        var report = new Report(NewId(now), found is null ? ReportStatuses.Unverified : ReportStatuses.Pending, input.Kind!, input.Area!,
            found?.Reporter.Name ?? input.Reporter?.Trim(), found?.Reporter.Id, phone, input.Lat, input.Lon, input.Text?.Trim() ?? "", input.Photos ?? [],
            input.Observed ?? now, now, source, input.Amount);
        await Store(report, now);
        return report;
    }

    /// <summary>What an SMS that reads as a report became: the report, or why it is not one (its sender told either way).</summary>
    public sealed record SmsOutcome(Report? Report, string? Problem, string? Field);

    /// <summary>
    /// An SMS from <paramref name="from"/> that starts like a report (<see cref="SmsReport.LooksLikeReport"/>): the
    /// report, or what was wrong with it; its sender is answered either way.
    /// </summary>
    public async Task<SmsOutcome> FromSms(string from, string text, DateTimeOffset now)
    {
        var reporter = ReporterRoles.Find(await recipients.ByPhone(from), null);
        var parsed = SmsReport.Parse(text);
        if (parsed.Kind is null)
        {
            await store.Queue(Reply(NewId(now), from, reporter?.Reporter.Id ?? "", reporter?.Area ?? "", ReportTexts.NotUnderstood(parsed.Field!, parsed.Token)), now);
            return new SmsOutcome(null, parsed.Problem, parsed.Field);
        }
        var report = new Report(NewId(now), reporter is null ? ReportStatuses.Unverified : ReportStatuses.Pending, parsed.Kind,
            reporter?.Area ?? "", reporter?.Reporter.Name, reporter?.Reporter.Id, from, parsed.Lat, parsed.Lon, parsed.Text, [], now, now, Sources.Sms, parsed.Amount);
        await Store(report, now);
        return new SmsOutcome(report, null, null);
    }

    /// <summary>
    /// An SMS of a reporter on the roster that is neither a report nor a reply code: meant as a report, so its sender is
    /// told what was not understood. Null (nothing sent) when the sender is not a reporter.
    /// </summary>
    public async Task<SmsOutcome?> NotUnderstood(string from, string text, DateTimeOffset now)
    {
        if (ReporterRoles.Find(await recipients.ByPhone(from), null) is not { } reporter) return null;
        var parsed = SmsReport.Parse(text);
        var (problem, field, token) = parsed.Kind is null ? (parsed.Problem!, parsed.Field!, parsed.Token) : ("not a report", "kind", (string?)null);
        await store.Queue(Reply(NewId(now), from, reporter.Reporter.Id, reporter.Area, ReportTexts.NotUnderstood(field, token)), now);
        return new SmsOutcome(null, problem, field);
    }

    /// <summary>An MQTT message on <c>reports/{area}</c>: validated like the API's; refused ones are dead letters.</summary>
    public async Task FromMqtt(string topic, ReadOnlyMemory<byte> payload)
    {
        var now = time.GetUtcNow();
        var area = topic.StartsWith(Topic, StringComparison.Ordinal) ? topic[Topic.Length..] : "";
        ReportInput? input;
        try
        {
            input = JsonSerializer.Deserialize<ReportInput>(payload.Span, JsonSerializerOptions.Web);
        }
        catch (JsonException e)
        {
            Refuse(topic, payload, RejectReason.MalformedJson, "payload", $"not a JSON report: {e.Message}");
            return;
        }
        if (input is null)
        {
            Refuse(topic, payload, RejectReason.MalformedJson, "payload", "expected a JSON object");
            return;
        }
        if (input.Area is not null && input.Area != area)
        {
            Refuse(topic, payload, RejectReason.BadTopic, "area", $"the payload's area \"{input.Area}\" is not the topic's \"{area}\"");
            return;
        }
        input = input with { Area = area };
        if (input.Problems(now) is { Count: > 0 } problems)
        {
            Refuse(topic, payload, RejectReason.BadReport, problems[0].Field, string.Join("; ", problems.Select(p => $"{p.Field}: {p.Error}")));
            return;
        }
        await Take(input, Sources.Mqtt, now);
    }

    /// <summary>A duty officer's decision on a pending report; null when there is no such report.</summary>
    public async Task<(Report Report, bool Changed)?> Decide(string id, bool verify, string by, string? note)
    {
        var decided = await store.Decide(id, verify ? ReportStatuses.Verified : ReportStatuses.Rejected, by, note, time.GetUtcNow());
        if (decided is { Changed: true } d)
        {
            await Announce(d.Report);
            // Fused after the decision is stored: a failure here leaves the report verified, logged, and the warnings as they were.
            if (verify)
            {
                try
                {
                    await fuser.Fuse(d.Report);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError(e, "Verified report {Id} could not be fused with the sensors' warnings", id);
                }
            }
        }
        return decided;
    }

    private async Task Store(Report report, DateTimeOffset now)
    {
        var messages = new List<OutboxMessage>();
        var chain = new List<ChainLink>();
        if (report.Source == Sources.Sms)
            messages.AddRange(Reply(report.Id, report.Phone!, report.ReporterId ?? "", report.Area,
                report.Status == ReportStatuses.Pending ? ReportTexts.Received(report) : ReportTexts.ReceivedUnregistered(report)));
        if (report.Status == ReportStatuses.Pending && ReportKinds.Disasters.Contains(report.Kind) && report.Area.Length > 0)
        {
            var deadline = now + options.Value.FirstReportWithin;
            foreach (var (tier, desk) in ReportChainPlan.Desks(report.Area, await recipients.List(report.Area)))
            {
                var code = tokens.Code(report.Id, 0, desk.Id);
                chain.Add(new ChainLink(report.Id, desk.Id, tier, desk.Name, desk.Phone, code, now, deadline));
                if (channels.Value.Sms.Url is not null)
                    messages.Add(Message(report.Id, desk.Id, desk.Phone!, report.Area, ReportTexts.ChainNotice(report, report.Area, code, deadline), MessagePurposes.ReportChain));
            }
        }
        await store.Add(report, messages, chain, now);
        await Announce(report);
    }

    private IReadOnlyList<OutboxMessage> Reply(string reportId, string phone, string recipientId, string area, string text) =>
        channels.Value.Sms.Url is null ? [] : [Message(reportId, recipientId.Length > 0 ? recipientId : $"phone:{phone}", phone, area, text, MessagePurposes.ReportReply)];

    private static OutboxMessage Message(string reportId, string recipient, string phone, string area, string text, string purpose) =>
        new(OutboxMessage.IdOf(reportId, 0, ChannelNames.Sms, $"{recipient}#{purpose}"), reportId, 0, [], ChannelNames.Sms, recipient, phone, "none",
            area.Length > 0 ? [area] : [], text, Purpose: purpose);

    private async Task Announce(Report report)
    {
        try
        {
            await cluster.GetStreamProvider(LiveStreams.Provider).GetStream<Report>(LiveStreams.Reports).OnNextAsync(report);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning("Report {Id} did not reach the live feed ({Error}); it is in the records", report.Id, e.Message);
        }
    }

    private void Refuse(string topic, ReadOnlyMemory<byte> payload, string reason, string field, string error)
    {
        log.LogWarning("MQTT: refused a report on {Topic}: {Field}: {Error}", topic, field, error);
        deadLetters.Add(new DeadLetter(time.GetUtcNow(), IngestSourceMqtt, topic, null, reason, field, error, DeadLetterStore.PayloadText(payload.Span)));
    }

    private const string IngestSourceMqtt = Pipeline.IngestSource.Mqtt;

    /// <summary><c>rp-{UTC yyyyMMddHHmmss}-{8 hex}</c>: sorts by arrival, unique without a counter shared across silos.</summary>
    private static string NewId(DateTimeOffset now) =>
        $"rp-{now.UtcDateTime:yyyyMMddHHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
}
