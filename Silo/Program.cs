Console.WriteLine("y");
