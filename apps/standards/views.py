def standard_list(request):
    raise NotImplementedError


def readiness_check(request, code):
    raise NotImplementedError
