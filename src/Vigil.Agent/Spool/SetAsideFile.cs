namespace Vigil.Agent.Spool;

/// <summary>A damaged file the spool moved out of its way.</summary>
/// <param name="Name">The file's name in the spool directory.</param>
/// <param name="Reason">What was wrong with it, and at which offset.</param>
/// <param name="KeptAs">Its name in the <c>corrupt/</c> folder, where it is kept for inspection until that folder's bound evicts it.</param>
/// <param name="SalvagedBatches">Sound records before the damage that stayed in the spool (the rest of the file is lost).</param>
public readonly record struct SetAsideFile(string Name, string Reason, string KeptAs, long SalvagedBatches);
