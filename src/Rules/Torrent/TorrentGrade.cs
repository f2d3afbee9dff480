namespace Warning.Rules.Torrent;

/// <summary>A village's critical rainfall for one window: prepare to evacuate (准备转移) and evacuate now (立即转移).</summary>
public sealed record TorrentGrade(TimeSpan Window, double Prepare, double Evacuate);
