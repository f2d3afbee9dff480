using Warning.Grains.Recipients;
using Warning.Grains.Reports;
using Warning.Publication.Outbox;
using Warning.Records.Outbox;
using Warning.Records.Recipients;
using Warning.Records.Reports;
using Warning.Records.Tests.Database;

namespace Warning.Records.Tests.Reports;

/// <summary>Reports, their filters, decisions and the disaster information chain on both providers (migration 0006).</summary>
public sealed class ReportStoreTests(Databases databases)
{
    private static readonly DateTimeOffset T0 = new(2026, 7, 20, 8, 0, 0, TimeSpan.Zero);

    private static Report Report(string id, string area, string kind, string status, DateTimeOffset observed) =>
        new(id, status, kind, area, "张监测", status == ReportStatuses.Unverified ? null : "monitor-1", "+8613900000101", 34.86, 105.67, "裂缝加宽", [], observed, observed, "api");

    [Theory]
    [MemberData(nameof(Databases.Providers), MemberType = typeof(Databases))]
    public async Task Reports_filter_by_area_status_kind_and_time_and_are_decided_once(string provider)
    {
        await using var db = await (await databases.Create(provider)).Open();
        var store = new ReportStore(db, new OutboxStore(db, TimeProvider.System, TimeSpan.FromMinutes(1)));
        await store.Add(Report("rp-1", "620522100201", "crack", ReportStatuses.Pending, T0), [], [], T0);
        await store.Add(Report("rp-2", "620522100202", "rockfall", ReportStatuses.Unverified, T0.AddHours(1)), [], [], T0);
        await store.Add(Report("rp-3", "620523100201", "crack", ReportStatuses.Pending, T0.AddHours(2)), [], [], T0);
        Assert.Equal(["rp-3", "rp-2", "rp-1"], (await store.List(new ReportFilter())).Select(r => r.Id));
        Assert.Equal(["rp-2", "rp-1"], (await store.List(new ReportFilter(Area: "620522"))).Select(r => r.Id));
        Assert.Equal(["rp-3", "rp-1"], (await store.List(new ReportFilter(Kind: "crack"))).Select(r => r.Id));
        Assert.Equal(["rp-2"], (await store.List(new ReportFilter(Status: ReportStatuses.Unverified))).Select(r => r.Id));
        Assert.Equal(["rp-2"], (await store.List(new ReportFilter(From: T0.AddMinutes(30), To: T0.AddHours(2)))).Select(r => r.Id));

        var decided = await store.Decide("rp-1", ReportStatuses.Verified, "值班员 李明", "属实", T0.AddHours(3));
        Assert.Equal((true, ReportStatuses.Verified, "值班员 李明"), (decided!.Value.Changed, decided.Value.Report.Status, decided.Value.Report.DecidedBy));
        Assert.False((await store.Decide("rp-1", ReportStatuses.Rejected, "other", "改判", T0.AddHours(4)))!.Value.Changed);
        Assert.False((await store.Decide("rp-2", ReportStatuses.Verified, "other", "核实", T0.AddHours(4)))!.Value.Changed);   // unverified stays
        Assert.Null(await store.Decide("rp-none", ReportStatuses.Verified, "other", "核实", T0));
        Assert.Equal(ReportStatuses.Verified, (await store.Get("rp-1"))!.Status);
    }

    [Theory]
    [MemberData(nameof(Databases.Providers), MemberType = typeof(Databases))]
    public async Task The_chain_falls_due_at_its_deadline_is_acknowledged_by_code_or_desk_and_flagged_once(string provider)
    {
        await using var db = await (await databases.Create(provider)).Open();
        var store = new ReportStore(db, new OutboxStore(db, TimeProvider.System, TimeSpan.FromMinutes(1)));
        var deadline = T0.AddHours(1);
        ChainLink Link(string recipient, string tier, string phone, string code) => new("rp-9", recipient, tier, recipient, phone, code, T0, deadline);
        var notice = new OutboxMessage(OutboxMessage.IdOf("rp-9", 0, "sms", "township-1#report-chain"), "rp-9", 0, [], "sms", "township-1", "+8613900000110", "none", ["620522100201"], "【灾情报送】…", Purpose: MessagePurposes.ReportChain);
        await store.Add(Report("rp-9", "620522100201", "casualty", ReportStatuses.Pending, T0),
            [notice], [Link("township-1", "township", "+8613900000110", "1234"), Link("county-desk", "county", "+8613900000120", "5678"), Link("city-desk", "city", "+8613900000130", "9012")], T0);
        Assert.Single(await new OutboxStore(db, TimeProvider.System, TimeSpan.FromMinutes(1)).List("rp-9"));

        Assert.Empty(await store.DueChain(deadline.AddSeconds(-1), 100));
        Assert.Null(await store.AcknowledgeBySms("+8613900000110", "收到9999", T0.AddMinutes(5)));   // not its code
        Assert.Null(await store.AcknowledgeBySms("+8613900000120", "收到1234", T0.AddMinutes(5)));   // another desk's code
        Assert.Equal("sms", (await store.AcknowledgeBySms("+8613900000110", "收到1234", T0.AddMinutes(5)))!.Channel);
        Assert.Equal("dashboard", (await store.AcknowledgeByOperator("rp-9", "city-desk", "值班员", T0.AddMinutes(6)))!.Channel);
        Assert.Null(await store.AcknowledgeByOperator("rp-9", "nobody", "值班员", T0));
        var due = await store.DueChain(deadline, 100);
        Assert.Equal([("rp-9", "county-desk")], due);
        Assert.True(await store.FlagOverdue("rp-9", "county-desk", deadline));
        Assert.False(await store.FlagOverdue("rp-9", "county-desk", deadline));   // a second silo finds it flagged
        Assert.Empty(await store.DueChain(deadline.AddHours(1), 100));
        var chain = (await store.Chain("rp-9")).ToDictionary(l => l.RecipientId);
        Assert.Equal(("acknowledged", "acknowledged", "overdue"), (chain["township-1"].State, chain["city-desk"].State, chain["county-desk"].State));
    }

    [Theory]
    [MemberData(nameof(Databases.Providers), MemberType = typeof(Databases))]
    public async Task A_reports_hold_on_a_warning_falls_due_at_its_end_and_is_done_once(string provider)
    {
        await using var db = await (await databases.Create(provider)).Open();
        var warnings = new Warning.Records.Warnings.WarningStore(db);
        await warnings.HoldUntil("LS-1-20210701T160000Z", T0.AddHours(24));
        await warnings.HoldUntil("LS-1-20210701T160000Z", T0.AddHours(24));   // the same hold again: kept once
        Assert.Empty(await warnings.DueHolds(T0.AddHours(23), 100));
        Assert.Equal([("LS-1-20210701T160000Z", T0.AddHours(24))], await warnings.DueHolds(T0.AddHours(24), 100));
        await warnings.HoldEnded("LS-1-20210701T160000Z", T0.AddHours(24));
        Assert.Empty(await warnings.DueHolds(T0.AddDays(2), 100));
    }

    [Theory]
    [MemberData(nameof(Databases.Providers), MemberType = typeof(Databases))]
    public async Task Recipients_are_found_by_number_and_moving_a_number_moves_its_index(string provider)
    {
        await using var db = await (await databases.Create(provider)).Open();
        var recipients = new RecipientStore(db);
        await recipients.Put([new Recipient("monitor-1", "张监测", "+8613900000101", ["620522100201"], ["monitor"], ["sms"], "blue"),
            new Recipient("desk", "值班室", "+8613900000101", ["620522"], ["county-desk"], ["sms"], "blue")]);
        Assert.Equal(["desk", "monitor-1"], (await recipients.ByPhone("+8613900000101")).Select(r => r.Id));
        await recipients.Put([new Recipient("monitor-1", "张监测", "+8613900000199", ["620522100201"], ["monitor"], ["sms"], "blue")]);
        Assert.Equal(["desk"], (await recipients.ByPhone("+8613900000101")).Select(r => r.Id));
        Assert.Equal(["monitor-1"], (await recipients.ByPhone("+8613900000199")).Select(r => r.Id));
    }
}
