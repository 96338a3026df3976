namespace Vigil.Detection;

public enum TrackerStep
{
    None,
    Opened,
    Closed,
}
