"""Views for the clients app, one module per area."""
