namespace Warning.Grains.HazardSources;

/// <summary>
/// One per major hazard source (the detectors' <c>source</c> param): confirms alarms across detectors and raises the
/// source's own red warning, meant for the government duty desk and the enterprise's contacts.
/// </summary>
public interface IHazardSourceGrain : IGrainWithStringKey
{
    Task Report(DetectorReport report);
}
